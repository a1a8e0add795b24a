import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import { expect } from "vitest";

/**
 * The IX-F schemas and examples live in shared/ixf beside the repository (never copied into it).
 * CI has them at ../shared; a worktree may sit deeper, so every ancestor's shared/ is tried.
 */
export function findSharedIxfDir(): string | null {
  const override = process.env.IXF_SHARED_DIR;
  if (override) return existsSync(override) ? override : null;
  let dir = fileURLToPath(new URL("../..", import.meta.url));
  for (;;) {
    const candidate = join(dir, "..", "shared", "ixf");
    if (existsSync(join(candidate, "ixp-member-list-1.0.schema.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function readSharedJson(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

/** A draft-04 validator for the official IX-F Member Export 1.0 schema, with format checks. */
export function ixfSchemaValidator(dir: string): ValidateFunction {
  const ajv = new Ajv04({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(readSharedJson(dir, "ixp-member-list-1.0.schema.json") as object);
}

export const IXF_EXAMPLES = [
  "ixf-1.0-example-basic.json",
  "ixf-1.0-example-complex.json",
  "ixpmanager-ci-export-1.0-auth.json",
  "ixpmanager-ci-export-1.0-unauth.json",
] as const;

/** The headers every 200 from /ixf.json and /api/ixf carries; returns the validators for conditional requests. */
export function expectIxfResponseHeaders(response: Response): { etag: string; lastModified: string } {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
  const etag = response.headers.get("etag") ?? "";
  const lastModified = response.headers.get("last-modified") ?? "";
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
  return { etag, lastModified };
}
