import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { clients, requests } from "@/server/db/schema";
import { listPublicPeers } from "@/server/directory/peers";
import { buildIxfDocument } from "@/server/ixf/exporter";
import { ixfSettings, loadIxfRows } from "@/server/ixf/queries";
import { createMailTransport } from "@/server/mail/transport";
import { updateClientContacts } from "@/server/members/service";
import { approveRequest } from "@/server/requests/approve";
import { systemReviewer } from "@/server/requests/reviewer";
import { submitRequest } from "@/server/requests/submit";
import { peeringRequestSchema } from "@/shared/validation/request";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPop, NO_PROOF } from "../helpers/ix-fixture";

let test: TestDatabase;
let fmt: number;
const transport = createMailTransport(undefined);

beforeAll(async () => {
  test = await createTestDatabase();
  fmt = await addPop(test.db, { code: "FMT", tunnelTypes: ["vxlan"], meshVni: 100 });
  await addLan(test.db, {
    ipv4Prefix: "198.18.0.0/24",
    ipv6Prefix: "2001:2:0:1::/64",
    scheme: "ipv4_mirror",
    reservations: [{ family: 4, first: "198.18.0.1", last: "198.18.0.31" }],
  });
});
afterAll(async () => {
  await test?.drop();
});

/** A request as the /connect form sends it, confirmed by email and approved; returns the new member's client id. */
async function requestAndApprove(asn: number, form: Record<string, string> = {}) {
  const input = peeringRequestSchema({ allowPrivateAsns: false }).parse({
    networkName: `Network ${asn}`,
    asn: `AS${asn}`,
    contactEmail: `peering@as${asn}.example`,
    locationId: String(fmt),
    tunnelType: "vxlan",
    remoteEndpoint: "8.8.4.4",
    wantsIpv4: "on",
    ...form,
  });
  const submitted = await submitRequest(test.db, input, { ip: null, transport });
  if (submitted.kind !== "accepted") throw new Error("the request was dropped");
  // Email confirmation is not under test here.
  await test.db.update(requests).set({ state: "pending", verifiedAt: new Date() }).where(eq(requests.id, submitted.requestId));
  const approved = await approveRequest(test.db, submitted.requestId, systemReviewer("cli:test"), { transport, overrideReason: NO_PROOF });
  return { clientId: approved.clientId, email: input.contactEmail };
}

async function publicEmails() {
  const document = buildIxfDocument(ixfSettings(), await loadIxfRows(test.db), new Date());
  return {
    ixf: document.member_list.flatMap((member) => member.contact_email ?? []),
    peers: (await listPublicPeers(test.db)).flatMap((peer) => peer.contactEmails),
  };
}

describe("contact details are private unless the member chooses otherwise", () => {
  it("a request that says nothing keeps the email out of the IX-F export and /peers; the portal opt-in publishes it", async () => {
    const { clientId, email } = await requestAndApprove(213990);
    const [client] = await test.db.select({ contactPrivate: clients.contactPrivate }).from(clients).where(eq(clients.id, clientId));
    expect(client!.contactPrivate).toBe(true);
    const before = await publicEmails();
    expect(before.ixf).not.toContain(email);
    expect(before.peers).not.toContain(email);

    // The member unticks "Keep contact details private" on the portal's Contacts form.
    const member = { id: "member-user", role: "member" as const, clientId };
    await updateClientContacts(test.db, member, { clientId, contactName: null, contactEmail: email, contactPhone: null, nocEmail: null, website: null, contactPrivate: false });
    const after = await publicEmails();
    expect(after.ixf).toContain(email);
    expect(after.peers).toContain(email);
  });

  it("a requester who agrees on the form is published from approval on", async () => {
    const { email } = await requestAndApprove(213991, { publishContact: "yes" });
    const published = await publicEmails();
    expect(published.ixf).toContain(email);
    expect(published.peers).toContain(email);
  });

  it("a member created without the request form (CLI, seed) is private by the database default", async () => {
    const [created] = await test.db.insert(clients).values({ name: "Direct", contactEmail: "noc@direct.example" }).$returningId();
    const [client] = await test.db.select({ contactPrivate: clients.contactPrivate }).from(clients).where(eq(clients.id, created!.id));
    expect(client!.contactPrivate).toBe(true);
  });
});
