import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Finds the app's pages, API routes and server actions on disk, so new ones are covered without editing tests. */

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const APP = join(ROOT, "src/app");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** "src/app/(admin)/admin/lans/[id]/page.tsx" -> "/admin/lans/[id]" (route groups dropped). */
export function routePattern(file: string): string {
  const segments = relative(APP, file).split(sep).slice(0, -1).filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** Fills dynamic segments ([id], [asn], [...slug]) from values, "1" when not given. */
export function fillPattern(pattern: string, values: Record<string, string> = {}): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => encodeURIComponent(values[name] ?? "1"));
}

export interface PageRoute {
  file: string;
  pattern: string;
  source: string;
}

/** page.tsx files under one route group, e.g. "(admin)". */
export function discoverPages(group: string): PageRoute[] {
  return walk(join(APP, group))
    .filter((file) => /[\\/]page\.tsx?$/.test(file))
    .map((file) => ({ file: relative(ROOT, file), pattern: routePattern(file), source: readFileSync(file, "utf8") }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export interface ApiRoute {
  file: string;
  pattern: string;
  methods: string[];
}

export function discoverApiRoutes(under = "api/v1"): ApiRoute[] {
  return walk(join(APP, under))
    .filter((file) => /[\\/]route\.ts$/.test(file))
    .map((file) => {
      const source = readFileSync(file, "utf8");
      const methods = [...source.matchAll(/^export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/gm)].map((m) => m[1]!);
      return { file: relative(ROOT, file), pattern: routePattern(file), methods };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export interface ServerActionExport {
  file: string;
  name: string;
}

/** Every export of every module that starts with "use server". */
export function discoverServerActions(): ServerActionExport[] {
  return walk(join(ROOT, "src"))
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) => {
      const source = readFileSync(file, "utf8");
      if (!/^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(source)) return [];
      return [...source.matchAll(/^export (?:const|async function|function) (\w+)/gm)].map((m) => ({ file: relative(ROOT, file), name: m[1]! }));
    });
}

export interface BuiltAction {
  id: string;
  file: string;
  name: string;
  /** Build entries of the pages that use it, e.g. "app/(admin)/admin/lans/[id]/page". */
  pages: string[];
}

/** The server actions of the last `next build`, with the pages that can invoke them. */
export function builtServerActions(): BuiltAction[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    file: entry.filename ?? "?",
    name: entry.exportedName ?? "?",
    pages: Object.keys(entry.workers).filter((worker) => worker.endsWith("/page")),
  }));
}

/** "app/(admin)/admin/lans/[id]/page" -> "/admin/lans/1". */
export function pageUrlOfBuildEntry(entry: string, values: Record<string, string> = {}): string {
  const segments = entry.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((s) => s && !/^\(.*\)$/.test(s));
  return fillPattern(`/${segments.join("/")}`, values);
}

/** The route group a build entry belongs to, e.g. "(admin)"; "" for pages outside any group. */
export function groupOfBuildEntry(entry: string): string {
  return /^app\/(\([^)]+\))\//.exec(entry)?.[1] ?? "";
}
