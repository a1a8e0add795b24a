import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, emailOutbox, requests } from "@/server/db/schema";
import { createMailTransport } from "@/server/mail/transport";
import { approveRequest } from "@/server/requests/approve";
import {
  buildRegistryContacts,
  confirmRegistryProof,
  MAX_PROOF_EMAILS,
  recordPeeringDbProof,
  registryProofToConfirm,
  sendRegistryProof,
} from "@/server/requests/proof/service";
import { requestStatus } from "@/server/requests/queries";
import { systemReviewer } from "@/server/requests/reviewer";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startFakePeeringDb } from "../helpers/fake-peeringdb";
import { rdapAutnum, startFakeRdap } from "../helpers/fake-rdap";
import { addLan, addPendingRequest, addPop } from "../helpers/ix-fixture";

let test: TestDatabase;
let peeringDb: Awaited<ReturnType<typeof startFakePeeringDb>>;
let rdap: Awaited<ReturnType<typeof startFakeRdap>>;
let pop: number;
let transport: ReturnType<typeof createMailTransport>;
const reviewer = systemReviewer("cli:test");

// AS64500: contacts in PeeringDB and RDAP; AS64501: an RDAP record without entities; AS64502: no record
// (404); AS64503: the RDAP service never answers.
beforeAll(async () => {
  peeringDb = await startFakePeeringDb([
    { asn: 64500, pocs: [{ role: "Technical", email: "Peering@AS64500.example" }, { role: "Sales", email: "sales@as64500.example" }, { role: "NOC", email: "noc@as64500.example" }] },
    { asn: 64501 },
  ]);
  rdap = await startFakeRdap({
    64500: rdapAutnum(64500, [
      { role: "technical", email: "noc@as64500.example", nested: true },
      { role: "abuse", email: "abuse@as64500.example" },
    ]),
    64501: { objectClassName: "autnum", handle: "AS64501", startAutnum: 64501, endAutnum: 64501 },
    64502: "not-found",
    64503: "hang",
  });
  process.env.PEERINGDB_URL = peeringDb.url;
  process.env.RDAP_BOOTSTRAP_URL = rdap.bootstrapUrl;
  process.env.RDAP_TIMEOUT_MS = "400";
  // Not before: the configuration is read once, on first use.
  transport = createMailTransport(undefined);
  test = await createTestDatabase();
  pop = await addPop(test.db, { code: "AMS", tunnelTypes: ["vxlan"] });
  await addLan(test.db, { ipv4Prefix: "198.18.0.0/24", ipv6Prefix: "2001:2:0:1::/64" });
});
afterAll(async () => {
  await peeringDb?.close();
  await rdap?.close();
  await test?.drop();
});

async function newRequest(asn: number) {
  const id = await addPendingRequest(test.db, { asn, locationId: pop, tunnelType: "vxlan" });
  const [row] = await test.db.select({ statusToken: requests.statusToken }).from(requests).where(eq(requests.id, id));
  return { id, statusToken: row!.statusToken };
}

const row = async (id: number) => (await test.db.select().from(requests).where(eq(requests.id, id)))[0]!;

describe("registry contacts", () => {
  it("lists PeeringDB's policy/technical/NOC and the RDAP record's contact roles, masked, and never the addresses", async () => {
    const { id, statusToken } = await newRequest(64500);
    const list = await buildRegistryContacts(test.db, statusToken);
    expect(list.problems).toEqual([]);
    expect(list.contacts.map(({ masked, label }) => ({ masked, label }))).toEqual([
      { masked: "p**@as***.example", label: "PeeringDB, Technical contact" },
      { masked: "n**@as***.example", label: "PeeringDB, NOC contact" },
      { masked: "n**@as***.example", label: "RIR record (127.0.0.1:" + new URL(rdap.url).port + "), technical contact" },
      { masked: "a**@as***.example", label: "RIR record (127.0.0.1:" + new URL(rdap.url).port + "), abuse contact" },
    ]);
    // What the status page reads for the requester carries no full address anywhere.
    const visible = JSON.stringify(await requestStatus(test.db, statusToken));
    expect(visible).not.toMatch(/[a-z]@as64500|peering@|noc@|abuse@|sales@/i);
    // Looking again within a minute reuses the list instead of asking the registries again.
    const asked = rdap.requests.length;
    expect((await buildRegistryContacts(test.db, statusToken)).contacts.map((c) => c.id)).toEqual(list.contacts.map((c) => c.id));
    expect(rdap.requests.length).toBe(asked);
    // The server keeps the addresses for sending.
    expect((await row(id)).registryContacts?.contacts.map((c) => c.email)).toEqual(["peering@as64500.example", "noc@as64500.example", "noc@as64500.example", "abuse@as64500.example"]);
  });

  it.each([
    [64501, "The RDAP record of AS64501 at 127.0.0.1:PORT lists no contact email", "PeeringDB lists no public policy, technical or NOC email for AS64501"],
    [64502, "The registry (127.0.0.1:PORT) has no RDAP record for AS64502", "AS64502 is not on PeeringDB"],
    [64503, "The registry's RDAP service (127.0.0.1:PORT) did not answer in time", "AS64503 is not on PeeringDB"],
  ])("AS%i: says why no address was found, and the request stays as it was", async (asn, rdapProblem, peeringDbProblem) => {
    const { id, statusToken } = await newRequest(asn);
    const before = await row(id);
    const list = await buildRegistryContacts(test.db, statusToken);
    const port = new URL(rdap.url).port;
    expect(list.contacts).toEqual([]);
    expect(list.problems).toEqual([peeringDbProblem, rdapProblem.replace("PORT", port)]);
    const after = await row(id);
    expect({ ...after, registryContacts: null, updatedAt: null }).toEqual({ ...before, registryContacts: null, updatedAt: null });
  });

  it("says so when PeeringDB is down, and still lists the RIR's contacts", async () => {
    const { statusToken } = await newRequest(64500);
    peeringDb.failWith(503);
    try {
      const list = await buildRegistryContacts(test.db, statusToken);
      expect(list.problems).toEqual(["PeeringDB answered HTTP 503"]);
      expect(list.contacts.map((c) => c.label)).toEqual([expect.stringMatching(/technical contact$/), expect.stringMatching(/abuse contact$/)]);
    } finally {
      peeringDb.failWith(null);
    }
  });
});

describe("proof by a registry contact's mailbox", () => {
  it("emails the chosen address a single-use link that records the proof", async () => {
    const { id, statusToken } = await newRequest(64500);
    const list = await buildRegistryContacts(test.db, statusToken);
    const chosen = list.contacts.find((c) => c.label.includes("abuse"))!;
    expect(await sendRegistryProof(test.db, { statusToken, contactId: chosen.id }, { transport })).toEqual({ masked: "a**@as***.example" });
    const [email] = await test.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "abuse@as64500.example")).orderBy(desc(emailOutbox.id)).limit(1);
    const token = /\/connect\/proof\?token=([A-Za-z0-9_-]+)/.exec(email!.textBody)![1]!;
    expect((await requestStatus(test.db, statusToken))?.proofSentTo).toBe("a**@as***.example");

    expect((await registryProofToConfirm(test.db, token)).contact.email).toBe("abuse@as64500.example");
    expect((await row(id)).asnProof).toBeNull(); // opening the link changes nothing
    // Only the ASN comes back: the confirmer may be a registry mailbox and must not get the status token.
    expect(await confirmRegistryProof(test.db, token)).toEqual({ asn: 64500 });
    const proven = await row(id);
    expect(proven.asnProof).toBe("registry_contact");
    expect(proven.asnProofDetail).toMatch(/^RDAP at 127\.0\.0\.1:\d+ abuse contact abuse@as64500\.example$/);
    await expect(confirmRegistryProof(test.db, token)).rejects.toThrow(/not valid any more/);
    const [audit] = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "request.asn_proof"), eq(auditLog.entityId, String(id))));
    expect(audit?.actor).toBe("requester");
  });

  it("refuses a link that expired, was replaced by a newer one, or whose request was decided meanwhile", async () => {
    const linkOf = async (address: string) => {
      const [email] = await test.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(desc(emailOutbox.id)).limit(1);
      return /\/connect\/proof\?token=([A-Za-z0-9_-]+)/.exec(email!.textBody)![1]!;
    };
    const { id, statusToken } = await newRequest(64500);
    const abuse = (await buildRegistryContacts(test.db, statusToken)).contacts.find((c) => c.label.includes("abuse"))!;
    await sendRegistryProof(test.db, { statusToken, contactId: abuse.id }, { transport });
    const first = await linkOf("abuse@as64500.example");
    const { proofExpiresAt } = await row(id);
    await expect(confirmRegistryProof(test.db, first, new Date(proofExpiresAt!.getTime() + 1000))).rejects.toThrow(/not valid any more/);
    await sendRegistryProof(test.db, { statusToken, contactId: abuse.id }, { transport });
    const second = await linkOf("abuse@as64500.example");
    expect(second).not.toBe(first);
    await expect(confirmRegistryProof(test.db, first)).rejects.toThrow(/not valid any more/);
    await test.db.update(requests).set({ state: "rejected" }).where(eq(requests.id, id));
    await expect(confirmRegistryProof(test.db, second)).rejects.toThrow(/not valid any more/);
    expect((await row(id)).asnProof).toBeNull();
  });

  it("refuses an unknown choice and more than the allowed number of emails, with a message and no change", async () => {
    const { id, statusToken } = await newRequest(64500);
    await expect(sendRegistryProof(test.db, { statusToken, contactId: "made-up" }, { transport })).rejects.toThrow(/no longer in the list/);
    const list = await buildRegistryContacts(test.db, statusToken);
    for (let i = 0; i < MAX_PROOF_EMAILS; i++) await sendRegistryProof(test.db, { statusToken, contactId: list.contacts[0]!.id }, { transport });
    await expect(sendRegistryProof(test.db, { statusToken, contactId: list.contacts[0]!.id }, { transport })).rejects.toThrow(/already sent the most proof emails/);
    expect((await row(id)).proofEmailsSent).toBe(MAX_PROOF_EMAILS);
    expect((await row(id)).state).toBe("pending");
  });
});

describe("proof by PeeringDB affiliation, and approval", () => {
  it("records the proof only for an account affiliated with the request's ASN", async () => {
    const { id, statusToken } = await newRequest(64500);
    expect(await recordPeeringDbProof(test.db, statusToken, { id: 7, name: "Jane", networks: [{ asn: 64999, perms: 15 }] })).toEqual({ ok: false, networks: [64999] });
    expect((await row(id)).asnProof).toBeNull();
    expect(await recordPeeringDbProof(test.db, statusToken, { id: 7, name: "Jane", networks: [{ asn: 64500, perms: 1, name: "Example" }] })).toEqual({ ok: true, asn: 64500 });
    expect((await row(id)).asnProofDetail).toBe("PeeringDB user Jane (id 7) is affiliated with AS64500 Example (permissions 1)");
    // With proof, no override is needed and none is recorded.
    await approveRequest(test.db, id, reviewer, { transport });
    expect((await row(id)).proofOverrideReason).toBeNull();
    await expect(recordPeeringDbProof(test.db, statusToken, { id: 7, networks: [] })).rejects.toThrow(/already decided/);
  });

  it("refuses to approve a request without proof unless a reason is given, which the audit log keeps", async () => {
    const { id } = await newRequest(64510);
    await expect(approveRequest(test.db, id, reviewer, { transport })).rejects.toThrow(`request #${id} has no proof that the requester holds AS64510`);
    await expect(approveRequest(test.db, id, reviewer, { transport, overrideReason: "   " })).rejects.toThrow(/no proof/);
    expect((await row(id)).state).toBe("pending");
    await approveRequest(test.db, id, reviewer, { transport, overrideReason: "Known to us for years" });
    expect((await row(id)).proofOverrideReason).toBe("Known to us for years");
    const [audit] = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "request.proof_override"), eq(auditLog.entityId, String(id))));
    expect(audit).toMatchObject({ actor: "cli:test", after: { asn: 64510, reason: "Known to us for years" } });
  });
});
