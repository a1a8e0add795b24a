#!/usr/bin/env node
// Runs the CLI from its bundle (dist/cli/ixp.mjs, `npm run build:cli`, built by scripts/start.sh and
// scripts/test.sh) while it is newer than every source file it was built from; otherwise runs the
// TypeScript through tsx, so operators and developers need no build step and never run stale code.
import { readFileSync, statSync } from "node:fs";

const root = new URL("../", import.meta.url);
const bundle = new URL("dist/cli/ixp.mjs", root);

function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL("dist/cli/inputs.json", root), "utf8"));
    return inputs.every((input) => statSync(new URL(input, root)).mtimeMs <= built);
  } catch {
    return false; // no bundle, or a source file it was built from is gone
  }
}

if (bundleIsCurrent()) {
  await import(bundle.href);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: new URL("tsconfig.json", root).pathname });
  await import("../src/cli/main.ts");
}
