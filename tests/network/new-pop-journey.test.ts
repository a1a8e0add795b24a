import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocation } from "@/server/locations/service";
import { createMailTransport } from "@/server/mail/transport";
import { approveRequest } from "@/server/requests/approve";
import { systemReviewer } from "@/server/requests/reviewer";
import { memberConfigurations } from "@/server/tunnels/member/load";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { locationInputSchema } from "@/shared/validation/location";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addPendingRequest, NO_PROOF } from "../helpers/ix-fixture";
import { createNamespace, type Namespace } from "../helpers/netns";
import { addLan } from "../helpers/tunnel-fixtures";
import { linkNamespaces, pings } from "../helpers/underlay";

/**
 * Issue 5's acceptance path without editing a file: a volunteer adds a POP and the tunnel types it
 * offers (the same service the admin form calls), approves a member there, and the rendered desired
 * state plus the agent bring that member's VXLAN tunnel up, so the member reaches the peering LAN.
 *   member 10.79.1.2 --veth-- 10.79.1.1 POP (endpoint 192.0.2.1 on lo, bridge 198.18.0.1/22)
 */

const BIN = fileURLToPath(new URL("../../bin/ixp.mjs", import.meta.url));
let database: TestDatabase;
let dir: string;
let pop: Namespace;
let member: Namespace;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixpt-newpop-"));
  pop = createNamespace("newpop");
  member = createNamespace("newmem");
  linkNamespaces(member, "10.79.1.2/24", pop, "10.79.1.1/24");
  pop.exec("ip", ["address", "add", "192.0.2.1/32", "dev", "lo"]);
  member.exec("ip", ["route", "add", "192.0.2.1/32", "via", "10.79.1.1"]);
  await addLan(database.db);
});

afterAll(async () => {
  member?.remove();
  pop?.remove();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe("a new POP, from the admin form to a working tunnel", () => {
  it("adds the POP, approves a member there and brings the member's tunnel up", async () => {
    const location = await createLocation(
      database.db,
      "volunteer@example.net",
      locationInputSchema.parse({ code: "NEW", name: "New POP", city: "Porto", country: "PT", endpointIpv4: "192.0.2.1", mode: "full", active: true, tunnelTypes: { vxlan: { udpPort: 4789 } } }),
    );
    // A lab underlay: the form would ask for a public endpoint; the request is stored as if confirmed.
    const requestId = await addPendingRequest(database.db, { asn: 206_777, locationId: location.id, tunnelType: "vxlan", remoteEndpoint: "10.79.1.2", wantsIpv4: true });
    const approved = await approveRequest(database.db, requestId, systemReviewer("volunteer@example.net"), { transport: createMailTransport(undefined), overrideReason: NO_PROOF });
    expect(approved.ipv4).toMatch(/^198\.18\./);

    await writeRenderedFiles(path.join(dir, "NEW"), await renderTunnels(database.db, "NEW", path.join(dir, "secrets")));
    const applied = spawnSync("ip", ["netns", "exec", pop.name, process.execPath, BIN, "agent", "apply", "--state", path.join(dir, "NEW", "desired-state.json")], { encoding: "utf8", timeout: 60_000 });
    expect(applied.status, `${applied.stdout}${applied.stderr}`).toBe(0);
    expect(applied.stdout).toContain(`+ create ixpv${approved.tunnelId}`);
    pop.exec("ip", ["address", "add", "198.18.0.1/22", "dev", "br-ixp"]);

    const linux = (await memberConfigurations(database.db, approved.connectionId)).find((snippet) => snippet.id === "linux");
    member.exec("sh", ["-e", "-c", linux!.text]);
    expect(pings(member, "198.18.0.1", 3, 10)).toBe(true);
  });
});
