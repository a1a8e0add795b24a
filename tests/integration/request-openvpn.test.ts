import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailTransport } from "@/server/mail/transport";
import { approveRequest } from "@/server/requests/approve";
import { systemReviewer } from "@/server/requests/reviewer";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPendingRequest, addPop, NO_PROOF } from "../helpers/ix-fixture";

const secretsDir = mkdtempSync(join(tmpdir(), "ixpt-ca-"));
process.env.SECRETS_DIR = secretsDir;

let test: TestDatabase;
let pop: number;

beforeAll(async () => {
  test = await createTestDatabase();
  pop = await addPop(test.db, { code: "OVP", tunnelTypes: ["openvpn", "vxlan"] });
  await addLan(test.db, { ipv4Prefix: "198.18.0.0/24", ipv6Prefix: "2001:2:0:1::/64" });
});
afterAll(async () => {
  await test?.drop();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe("approving an OpenVPN member", () => {
  it("issues the member's certificate from the IX's CA when the connection is created", async () => {
    const id = await addPendingRequest(test.db, { asn: 206_001, locationId: pop, tunnelType: "openvpn" });
    const { connectionId } = await approveRequest(test.db, id, systemReviewer("cli:test"), { transport: createMailTransport(undefined), overrideReason: NO_PROOF });
    expect(existsSync(join(secretsDir, "openvpn", "ca.key"))).toBe(true);
    expect(existsSync(join(secretsDir, "openvpn", "issued", `conn-${connectionId}.crt`))).toBe(true);
    expect(existsSync(join(secretsDir, "openvpn", "issued", `conn-${connectionId}.key`))).toBe(true);
  });

  it("issues nothing for other tunnel types", async () => {
    const id = await addPendingRequest(test.db, { asn: 206_002, locationId: pop, tunnelType: "vxlan" });
    const { connectionId } = await approveRequest(test.db, id, systemReviewer("cli:test"), { transport: createMailTransport(undefined), overrideReason: NO_PROOF });
    expect(existsSync(join(secretsDir, "openvpn", "issued", `conn-${connectionId}.crt`))).toBe(false);
  });
});
