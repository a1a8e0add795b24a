#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so operators need no build step.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../src/cli/main.ts");
