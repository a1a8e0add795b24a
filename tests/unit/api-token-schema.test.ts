import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_SCOPE_NAMES } from "@/shared/api-scopes";
import { apiTokenInputSchema } from "@/shared/validation/api-token";

const base = { name: "ci", userEmail: "Ops@Example.net" };

describe("the API token input", () => {
  it("reads scopes and addresses from the CLI's comma text, the form's repeated keys and JSON arrays alike", () => {
    const fromCli = apiTokenInputSchema.parse({ ...base, scopes: "members:read, network:read", allowedAddresses: "192.0.2.7,2001:db8::/48" });
    const fromForm = apiTokenInputSchema.parse({ ...base, scopes: ["members:read", "network:read"], allowedAddresses: "192.0.2.7\r\n2001:db8::/48\n", expiresInDays: "" });
    expect(fromCli).toEqual({ name: "ci", userEmail: "ops@example.net", scopes: ["members:read", "network:read"], allowedAddresses: ["192.0.2.7", "2001:db8::/48"], expiresInDays: null });
    expect(fromForm).toEqual(fromCli);
    expect(apiTokenInputSchema.parse({ ...base, scopes: ["lan:report"] }).allowedAddresses).toEqual([]);
  });

  it("refuses no scope, an unknown scope and a bad address, saying what is allowed", () => {
    const issues = (input: object) => apiTokenInputSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ scopes: "" })).toEqual(["scopes: pick at least one scope"]);
    expect(issues({ scopes: "members:admin" })).toEqual([`scopes.0: "members:admin" is not a scope; scopes are ${API_SCOPE_NAMES.join(", ")}`]);
    expect(issues({ scopes: "members:read", allowedAddresses: "10.0.0.0/33 example.net" })).toEqual([
      'allowedAddresses.0: "10.0.0.0/33" is not an address or prefix such as 192.0.2.7 or 2001:db8::/48',
      'allowedAddresses.1: "example.net" is not an address or prefix such as 192.0.2.7 or 2001:db8::/48',
    ]);
  });

  it("gave tokens made before scopes exactly the scopes of their user's role (migration 0014)", () => {
    // Frozen as src/shared/api-scopes.ts had them at the migration: scopes added later must not reach old tokens.
    const memberScopesAt0014 = ["members:read", "members:write", "network:read"];
    const allScopesAt0014 = [
      "members:read",
      "members:write",
      "network:read",
      "network:write",
      "requests:read",
      "requests:write",
      "routeservers:deploy",
      "matrix:read",
      "matrix:report",
      "lan:report",
    ];
    const sql = readFileSync(join(process.cwd(), "drizzle/0014_api_token_scopes.sql"), "utf8");
    const lists = [...sql.matchAll(/'(\[[^']+\])'/g)].map((m) => JSON.parse(m[1]!) as string[]);
    expect(lists).toEqual([memberScopesAt0014, allScopesAt0014]);
  });
});
