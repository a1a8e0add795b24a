import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { asns, ips, requests, users } from "@/server/db/schema";
import { startJourneyEnvironment, type JourneyEnvironment } from "./journeys/environment";
import {
  approveInQueue,
  confirmRequestEmail,
  fieldError,
  fillRequestForm,
  requestStateText,
  signInByEmail,
  submitRequestForm,
  tunnelTypesOffered,
  type RequestForm,
} from "./journeys/onboarding";

let env: JourneyEnvironment;

beforeAll(async () => {
  env = await startJourneyEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

const request: RequestForm = {
  networkName: "Journey Networks",
  asn: "AS64512",
  contactEmail: "noc@journey.example",
  website: "https://journey.example",
  pop: "Fremont",
  tunnelType: "VXLAN",
  remoteEndpoint: "2a01:4f8:1:2::3",
  asSet: "AS-JOURNEY",
};

describe("onboarding in a real browser", () => {
  it("takes a request from the form through email verification and volunteer approval to a member login", async () => {
    const requester = await env.newPage();
    await requester.goto("/connect");

    // The form offers only the tunnel types each POP has (from location_tunnel_types).
    expect(await tunnelTypesOffered(requester, "Amsterdam")).toEqual(["VXLAN", "OpenVPN (tap)", "Local ethernet"]);
    expect(await tunnelTypesOffered(requester, "Fremont")).toEqual(["VXLAN", "EoIP (MikroTik)", "OpenVPN (tap)", "ZeroTier"]);

    // A private ASN: the error appears next to the field and nothing typed is lost.
    await fillRequestForm(requester, request);
    await submitRequestForm(requester);
    expect(await fieldError(requester, "asn")).toMatch(/private-use ASN/);
    expect(await requester.inputValue("#networkName")).toBe(request.networkName);
    expect(await requester.inputValue("#remoteEndpoint")).toBe(request.remoteEndpoint);
    expect(await requester.inputValue("#asSet")).toBe(request.asSet);

    await requester.fill("#asn", "AS213999");
    await submitRequestForm(requester);
    await requester.getByRole("status").filter({ hasText: "We have emailed you a link" }).waitFor();

    await confirmRequestEmail(requester, env.smtp, request.contactEmail);
    expect(await requestStateText(requester)).toBe("Pending review");

    const volunteer = await env.newPage();
    await signInByEmail(volunteer, env.smtp, "admin@example.net", "/admin");
    expect(await approveInQueue(volunteer, request.networkName)).toMatch(/198\.18\.\d+\.\d+ and 2001:2:0:1::/);

    const approval = await env.smtp.waitFor((m) => m.to.includes(request.contactEmail) && /is approved/.test(m.subject));
    expect(approval.text).toMatch(/Your addresses on the Peering LAN:\n {2}198\.18\.\d+\.\d+\n {2}2001:2:0:1::/);
    expect(approval.text).toContain(`${env.app.url}/portal`);

    const [member] = await env.test.db.select({ role: users.role, clientId: users.clientId }).from(users).where(eq(users.email, request.contactEmail));
    const [asn] = await env.test.db.select({ clientId: asns.clientId }).from(asns).where(eq(asns.asn, 213999));
    expect(member).toEqual({ role: "member", clientId: asn!.clientId });
    const [row] = await env.test.db.select({ state: requests.state, submitterIp: requests.submitterIp }).from(requests).where(eq(requests.asn, 213999));
    expect(row!.state).toBe("approved");
    // The per-IP rate limit has an address to count.
    expect(row!.submitterIp).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);

    // The requester's status page follows along.
    await requester.reload();
    expect(await requestStateText(requester)).toBe("Approved");
  });

  it("lets the new member sign in by email and see their addresses and the configuration for their router", async () => {
    const [asn] = await env.test.db.select({ id: asns.id }).from(asns).where(eq(asns.asn, 213999));
    const allocated = await env.test.db.select({ address: ips.address, connectionId: ips.connectionId }).from(ips).where(eq(ips.asnId, asn!.id));
    expect(allocated.map((ip) => ip.address).sort()).toEqual([expect.stringMatching(/^198\.18\./), expect.stringMatching(/^2001:2:0:1::/)]);

    const member = await env.newPage();
    await signInByEmail(member, env.smtp, request.contactEmail, "/portal");
    await member.goto("/portal");
    const portal = await member.content();
    for (const { address } of allocated) expect(portal).toContain(address);
    expect(portal).toContain("AS213999");

    await member.goto(`/portal/connections/${allocated[0]!.connectionId}`);
    const config = await member.locator("#router-config").innerText();
    // The VXLAN tunnel points at the member's own endpoint, and the BGP snippet carries their ASN and address.
    expect(config).toContain(request.remoteEndpoint);
    expect(config).toMatch(/ip link add \S+ type vxlan id \d+/);
    expect(config).toContain(`as 213999;`);
  });

  it("keeps the queue and request pages to volunteers: anonymous visitors go to sign in, members get 403", async () => {
    const [row] = await env.test.db.select({ id: requests.id }).from(requests).where(eq(requests.asn, 213999));
    const anonymous = await env.newPage();
    await anonymous.goto(`/admin/requests/${row!.id}`);
    expect(new URL(anonymous.url()).pathname).toBe("/login");

    const member = await env.newPage();
    await signInByEmail(member, env.smtp, request.contactEmail, "/portal");
    for (const path of ["/admin", `/admin/requests/${row!.id}`]) {
      const response = await member.goto(path);
      expect(response?.status()).toBe(403);
      expect(await member.content()).not.toContain(request.contactEmail);
    }
  });
});
