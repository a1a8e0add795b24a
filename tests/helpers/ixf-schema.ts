import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import { expect } from "vitest";

/** The IX-F schema and example exports the tests use, kept in the repository (see tests/fixtures/ixf/README.md). */
const FIXTURES = fileURLToPath(new URL("../fixtures/ixf/", import.meta.url));

export function readIxfFixture(file: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));
}

/** A draft-04 validator for the official IX-F Member Export 1.0 schema, with format checks. */
export function ixfSchemaValidator(): ValidateFunction {
  const ajv = new Ajv04({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(readIxfFixture("ixp-member-list-1.0.schema.json") as object);
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
