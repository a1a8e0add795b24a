// Bundles the CLI (src/cli/main.ts, the src modules and the packages it imports) into one file,
// dist/cli/ixp.mjs, so `ixp` starts without compiling TypeScript or resolving hundreds of files at run time.
// bin/ixp.mjs uses the bundle only while it is newer than every source file listed in dist/cli/inputs.json.
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT_DIR = path.join(ROOT, "dist", "cli");

/**
 * Modules that find files next to themselves (`new URL("../../../drizzle", import.meta.url)`) must still
 * resolve from their source location: import.meta.url becomes that file's URL, relative to the bundle.
 */
const sourceLocation = {
  name: "source-import-meta-url",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const relative = path.relative(OUT_DIR, args.path).split(path.sep).join("/");
      return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: args.path.endsWith("x") ? "tsx" : "ts" };
    });
  },
};

const result = await build({
  entryPoints: [path.join(ROOT, "src", "cli", "main.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: path.join(OUT_DIR, "ixp.mjs"),
  tsconfig: path.join(ROOT, "tsconfig.json"),
  metafile: true,
  // Bundled CommonJS packages still call require() for Node's built-ins.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: "warning",
  plugins: [sourceLocation],
});
mkdirSync(OUT_DIR, { recursive: true });
const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes("node_modules/")).map((input) => path.relative(ROOT, path.resolve(process.cwd(), input)));
writeFileSync(path.join(OUT_DIR, "inputs.json"), `${JSON.stringify([...inputs, "tsconfig.json", "package-lock.json"])}\n`);
