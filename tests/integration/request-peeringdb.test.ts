import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { asns, requests } from "@/server/db/schema";
import { createMailTransport } from "@/server/mail/transport";
import { approveRequest } from "@/server/requests/approve";
import { runRequestChecks } from "@/server/requests/checks";
import { systemReviewer } from "@/server/requests/reviewer";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPendingRequest, addPop, NO_PROOF } from "../helpers/ix-fixture";

let test: TestDatabase;
let server: Server;
let pop: number;

// A local stand-in for PeeringDB's /api/net: AS206924 is listed, everything else is not.
beforeAll(async () => {
  server = createServer((request, response) => {
    const asn = new URL(request.url ?? "/", "http://localhost").searchParams.get("asn");
    const data = asn === "206924" ? [{ id: 4242, asn: 206924, name: "Listed Networks", website: "https://listed.example", irr_as_set: "RIPE::AS-LISTED", info_prefixes4: 40, info_prefixes6: 5 }] : [];
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.PEERINGDB_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  test = await createTestDatabase();
  pop = await addPop(test.db, { code: "AMS", tunnelTypes: ["vxlan"] });
  await addLan(test.db, { ipv4Prefix: "198.18.0.0/24", ipv6Prefix: "2001:2:0:1::/64" });
});
afterAll(async () => {
  server?.close();
  await test?.drop();
});

async function checkedRequest(asn: number, asSet: string | null) {
  const id = await addPendingRequest(test.db, { asn, locationId: pop, tunnelType: "vxlan", asSet });
  const checks = await runRequestChecks(
    { asn, networkName: "x", contactEmail: `noc@as${asn}.example`, tunnelType: "vxlan", asSet },
    { db: test.db, allowPrivateAsns: false },
  );
  await test.db.update(requests).set({ checks: checks as never }).where(eq(requests.id, id));
  return { id, peeringDb: checks.results.find((r) => r.check === "peeringdb")! };
}

describe("PeeringDB during onboarding", () => {
  it("shows the reviewer what PeeringDB knows and uses it to prefill the new ASN", async () => {
    const { id, peeringDb } = await checkedRequest(206924, null);
    expect(peeringDb.outcome).toBe("pass");
    expect(peeringDb.detail).toContain("Listed Networks (net 4242), AS-SET AS-LISTED");
    expect(peeringDb.detail).toMatch(/max-prefix IPv4 50, IPv6 15/);

    const result = await approveRequest(test.db, id, systemReviewer("cli:test"), { transport: createMailTransport(undefined), overrideReason: NO_PROOF });
    const [asn] = await test.db.select().from(asns).where(eq(asns.id, result.asnId));
    expect(asn).toMatchObject({ asSet: "AS-LISTED", irrSource: "RIPE", maxPrefixV4: 50, maxPrefixV6: 15, peeringdbNetId: 4242 });
  });

  it("warns when the request's AS-SET differs from PeeringDB's", async () => {
    const { peeringDb } = await checkedRequest(206924, "AS-OTHER");
    expect(peeringDb.outcome).toBe("warn");
    expect(peeringDb.detail).toContain("the request says AS-OTHER");
  });

  it("says 'Not on PeeringDB' without failing, and approval uses defaults", async () => {
    const { id, peeringDb } = await checkedRequest(206925, null);
    expect(peeringDb).toMatchObject({ outcome: "info", detail: "Not on PeeringDB" });
    const result = await approveRequest(test.db, id, systemReviewer("cli:test"), { transport: createMailTransport(undefined), overrideReason: NO_PROOF });
    const [asn] = await test.db.select().from(asns).where(eq(asns.id, result.asnId));
    expect(asn).toMatchObject({ asSet: null, maxPrefixV4: null, peeringdbNetId: null });
  });
});
