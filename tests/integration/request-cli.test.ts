import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, ips, requests } from "@/server/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { runCli } from "../helpers/cli";
import { addLan, addPendingRequest, addPop } from "../helpers/ix-fixture";

let test: TestDatabase;
let pending: number;
let unverified: number;
const cli = (args: string[]) => runCli(["request", ...args], { DATABASE_URL: test.url });

beforeAll(async () => {
  test = await createTestDatabase();
  const pop = await addPop(test.db, { code: "FMT", tunnelTypes: ["vxlan"] });
  await addLan(test.db, { ipv4Prefix: "185.1.0.0/24", ipv6Prefix: "2001:7f8:99::/64", reservations: [{ family: 4, first: "185.1.0.1", last: "185.1.0.9" }] });
  pending = await addPendingRequest(test.db, { asn: 213999, locationId: pop, tunnelType: "vxlan", networkName: "CLI Net" });
  unverified = await addPendingRequest(test.db, { asn: 213999, locationId: pop, tunnelType: "vxlan", state: "unverified", contactEmail: "other@cli.example" });
});
afterAll(async () => {
  await test?.drop();
});

describe("ixp request", () => {
  it("lists the queue grouped by ASN and shows one request", () => {
    const list = cli(["list"]);
    expect(list.stderr).toBe("");
    expect(list.stdout).toMatch(/AS213999 {2}\(2 requests for this ASN\)/);
    expect(list.stdout.indexOf("pending review")).toBeLessThan(list.stdout.indexOf("unverified"));
    const shown = cli(["show", String(pending)]);
    expect(shown.stdout).toContain(`Request #${pending}: CLI Net (AS213999) — pending`);
    expect(shown.stdout).toMatch(/request #\d+ .*same asn/);
    expect(shown.stdout).toContain("  proof:     Email at the requester's own address only (does not prove the ASN)\n");
  });

  it("approves as the CLI actor and rejects with a reason", async () => {
    const refused = cli(["approve", String(pending)]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toBe(`ixp: request #${pending} has no proof that the requester holds AS213999 (PeeringDB or a registry contact); approve it with an override reason, which goes to the audit log\n`);
    expect((await test.db.select({ state: requests.state }).from(requests).where(eq(requests.id, pending)))[0]!.state).toBe("pending");
    const approved = cli(["approve", String(pending), "--override", "Known to us: the NOC called."]);
    expect(approved.stderr).toBe("");
    expect(approved.stdout).toMatch(/^approved request #\d+: client #\d+, connection #\d+ \(tunnel id 100\), 185\.1\.0\.10, 2001:7f8:99::1\n$/);
    expect(await test.db.select({ address: ips.address }).from(ips)).toHaveLength(2);
    const [audit] = await test.db.select({ actor: auditLog.actor }).from(auditLog).where(eq(auditLog.action, "request.approve"));
    expect(audit!.actor).toMatch(/^cli:.+/);
    const [override] = await test.db.select({ actor: auditLog.actor, after: auditLog.after }).from(auditLog).where(eq(auditLog.action, "request.proof_override"));
    expect(override).toEqual({ actor: audit!.actor, after: { asn: 213999, reason: "Known to us: the NOC called." } });

    expect(cli(["reject", String(unverified), "--reason", "Duplicate of the approved request."]).stdout).toMatch(/rejected request #\d+/);
    const [row] = await test.db.select({ state: requests.state, reason: requests.rejectReason }).from(requests).where(eq(requests.id, unverified));
    expect(row).toEqual({ state: "rejected", reason: "Duplicate of the approved request." });
  });

  it.each([
    [["approve", "abc"], /^ixp: request id must be a number\n$/],
    [["approve", "999999"], /^ixp: there is no request #999999\n$/],
    [["reject", "1"], /required option '--reason <text>' not specified/],
    [["reject", "1", "--reason", "no"], /^ixp: reason: say why/],
  ])("refuses %j with one line and a non-zero exit", (args, message) => {
    const result = cli(args);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});
