import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { asns, auditLog, ipRouteServerSessions, ips, routeServers, locations, locationTunnelTypes, users } from "@/server/db/schema";
import { newContext, signInWithLink } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

const site = withBrowserApp({ demo: { members: 5, seed: 4 } });

describe("admin and member portal in Chromium", () => {
  it("an admin adds a POP offering two tunnel types through the form, with errors shown next to fields first", async () => {
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, "admin@example.net", "/admin/locations");
    expect(new URL(page.url()).pathname).toBe("/admin/locations");
    await page.getByRole("link", { name: "Add a POP" }).click();
    await page.waitForURL("**/admin/locations/new");

    await page.locator('[name="code"]').fill("lis");
    await page.locator('[name="name"]').fill("Lisbon");
    await page.locator('[name="city"]').fill("Lisbon");
    await page.locator('[name="country"]').fill("XX");
    await page.locator('[name="endpointIpv4"]').fill("203.0.113.9");
    await page.locator('[name="offers"][value="vxlan"]').check();
    await page.locator('[name="offers"][value="openvpn"]').check();
    await page.locator('input[name="params.vxlan.udpPort"]').fill("99999");
    await page.locator('input[name="params.openvpn.port"]').fill("1196");
    await page.getByRole("button", { name: "Add POP" }).click();

    // Refused: the errors sit next to their fields and what was typed is kept.
    await expect.poll(() => page.locator("#country-error").textContent()).toMatch(/ISO 3166-1/);
    expect(await page.locator("#tunnelTypes-error").textContent()).toMatch(/VXLAN UDP port: must be at most 65535/);
    expect(await page.locator('[name="name"]').inputValue()).toBe("Lisbon");
    expect(await page.locator('[name="offers"][value="openvpn"]').isChecked()).toBe(true);
    expect(await site.test.db.select().from(locations).where(eq(locations.code, "LIS"))).toEqual([]);

    await page.locator('[name="country"]').fill("PT");
    await page.locator('input[name="params.vxlan.udpPort"]').fill("4790");
    await page.getByRole("button", { name: "Add POP" }).click();
    await page.waitForURL("**/admin/locations?saved=LIS");
    const row = page.getByTestId("location-LIS");
    await expect.poll(() => row.textContent()).toContain("Lisbon");
    expect(await row.textContent()).toContain("Lisbon (PT)");
    expect(await row.textContent()).toMatch(/VXLAN · UDP port: 4790; OpenVPN \(tap\) · Port: 1196, Protocol: udp/);

    const [saved] = await site.test.db.select({ id: locations.id }).from(locations).where(eq(locations.code, "LIS"));
    const offered = await site.test.db.select({ type: locationTunnelTypes.type, params: locationTunnelTypes.params }).from(locationTunnelTypes).where(eq(locationTunnelTypes.locationId, saved!.id));
    expect(offered.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: "openvpn", params: { port: 1196, protocol: "udp" } },
      { type: "vxlan", params: { udpPort: 4790 } },
    ]);

    // The audit log names who did it and shows the new values, filtered by entity.
    await page.goto(`${site.app.url}/admin/audit?entityType=location&entityId=${saved!.id}`);
    const entries = await page.getByTestId("audit-entry").allTextContents();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/admin@example\.net.*location\.create.*location \d+.*code: – → "LIS"/);
    await context.close();
  });

  it("a volunteer re-enables a deprovisioned connection's addresses with one click, monitoring off until seen", async () => {
    const rows = await site.test.db.select({ id: ips.id, address: ips.address, family: ips.family, connectionId: ips.connectionId, clientId: asns.clientId }).from(ips).innerJoin(asns, eq(asns.id, ips.asnId));
    const ip = rows.find((row) => row.family === 4 && rows.some((other) => other.family === 6 && other.connectionId === row.connectionId && row.connectionId !== null))!;
    const other = rows.find((row) => row.family === 6 && row.connectionId === ip.connectionId)!;
    await site.test.db.update(ips).set({ provisioned: false, deprovisionedAt: new Date(), state: "decommissioned" }).where(inArray(ips.id, [ip.id, other.id]));
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, "volunteer@example.net", `/admin/members/${ip.clientId}`);
    const row = page.getByTestId(`ip-${ip.address}`);
    const otherRow = page.getByTestId(`ip-${other.address}`);
    expect(await row.textContent()).toContain("Not provisioned: no BGP sessions, not shown publicly");
    await row.getByLabel("Monitoring off until seen up").check();
    await row.getByRole("button", { name: "Re-enable" }).click();
    // The page re-renders with the new flags (the re-enable buttons give way to "provisioned"), for both families.
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain("Provisioned: BGP sessions configured, shown publicly");
    expect(await row.textContent()).toContain("Not monitored: no warnings, never deprovisioned automatically");
    expect(await otherRow.textContent()).toContain("Provisioned: BGP sessions configured, shown publicly");
    const after = await site.test.db.select({ provisioned: ips.provisioned, monitor: ips.monitor, deprovisionedAt: ips.deprovisionedAt }).from(ips).where(inArray(ips.id, [ip.id, other.id]));
    expect(after).toEqual([
      { provisioned: true, monitor: false, deprovisionedAt: null },
      { provisioned: true, monitor: false, deprovisionedAt: null },
    ]);
    await context.close();
  });

  it("the seeded member sees their own IPs on /portal, edits their AS-SET, and gets 403 on admin pages", async () => {
    const [member] = await site.test.db.select({ email: users.email, clientId: users.clientId }).from(users).where(eq(users.role, "member"));
    const memberAsns = await site.test.db.select({ id: asns.id }).from(asns).where(eq(asns.clientId, member!.clientId!));
    const memberIps = await site.test.db.select({ id: ips.id, address: ips.address }).from(ips).where(inArray(ips.asnId, memberAsns.map((a) => a.id)));
    const addresses = memberIps.map((r) => r.address);
    expect(addresses.length).toBeGreaterThan(0);
    // What the BGP monitor records per route server shows up next to the address.
    const [rs1] = await site.test.db.select({ id: routeServers.id }).from(routeServers).where(eq(routeServers.name, "rs1"));
    await site.test.db.insert(ipRouteServerSessions).values({
      ipId: memberIps[0]!.id, routeServerId: rs1!.id, state: "up", bgpState: "Established", since: new Date("2026-01-02T03:04:00Z"), routesImported: 12, routesFiltered: 3, checkedAt: new Date(),
    });

    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, member!.email, "/portal");
    expect(new URL(page.url()).pathname).toBe("/portal");
    const shown = await page.getByTestId("member-ip").locator("td.font-mono").allTextContents();
    expect(shown.sort()).toEqual([...addresses].sort());
    expect(await page.getByText("Provisioned:", { exact: false }).first().isVisible()).toBe(true);
    expect(await page.getByText("rs1: Established since 2026-01-02 03:04 UTC (12 routes accepted, 3 filtered)").isVisible()).toBe(true);

    // Editing the AS-SET: a bad value is refused next to the field, a good one is saved and audited.
    const [firstAsn] = await site.test.db.select({ id: asns.id, asn: asns.asn }).from(asns).where(eq(asns.clientId, member!.clientId!)).orderBy(asns.asn);
    const form = page.locator("form", { has: page.locator(`input[name="asnId"][value="${firstAsn!.id}"]`) });
    await form.locator('[name="asSet"]').fill("AS-BAD; DROP");
    await form.getByRole("button", { name: `Save AS${firstAsn!.asn}` }).click();
    await expect.poll(() => form.locator("#asSet-error").textContent()).toMatch(/must be an AS-SET/);
    await form.locator('[name="asSet"]').fill("as-portal-test");
    await form.getByRole("button", { name: `Save AS${firstAsn!.asn}` }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toBe(`Settings of AS${firstAsn!.asn} saved.`);
    const [saved] = await site.test.db.select({ asSet: asns.asSet }).from(asns).where(eq(asns.id, firstAsn!.id));
    expect(saved!.asSet).toBe("AS-PORTAL-TEST");
    const [audit] = await site.test.db.select().from(auditLog).where(and(eq(auditLog.entityType, "asn"), eq(auditLog.entityId, String(firstAsn!.asn))));
    expect(audit!.after).toMatchObject({ asSet: "AS-PORTAL-TEST" });

    const admin = await page.goto(`${site.app.url}/admin/locations`);
    expect(admin?.status()).toBe(403);
    await context.close();
  });
});
