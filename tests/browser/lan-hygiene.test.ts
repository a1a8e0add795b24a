import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApiToken, scopesOfRole } from "@/server/api/tokens";
import { AGENT_SCOPES } from "@/shared/api-scopes";
import { lanFindings, locations, users } from "@/server/db/schema";
import { portalSender } from "@/server/lan-hygiene/watch/watcher";
import { newContext, signInWithLink } from "../helpers/browser";
import { addLanHygienePop, LAN_MEMBERS } from "../helpers/lan-hygiene";
import { withBrowserApp } from "../helpers/browser-app";

/** LAN hygiene against the built app: the watcher's report through the API, the admin dashboard, the POP switch, the member's diagnostics. */

let locationId: number;
let volunteerToken = "";
let memberToken = "";
const { alpha, charlie } = LAN_MEMBERS;
const SPOOFED_MAC = "02:00:00:00:ee:01";

const site = withBrowserApp({
  async prepare(test) {
    const pop = await addLanHygienePop(test.db);
    locationId = pop.locationId;
    await test.db.insert(users).values([
      { email: "volunteer@example.net", role: "volunteer" },
      { email: "charlie@example.net", role: "member", clientId: pop.members.charlie.clientId },
    ]);
    volunteerToken = (await createApiToken(test.db, "test", { name: "lan watcher LH", userEmail: "volunteer@example.net", scopes: AGENT_SCOPES, expiresInDays: null })).token;
    memberToken = (await createApiToken(test.db, "test", { name: "member script", userEmail: "charlie@example.net", scopes: scopesOfRole("member"), expiresInDays: 30 })).token;
  },
});

describe("LAN hygiene in the portal", () => {
  it("the watcher's report reaches the portal with a volunteer's token; members' tokens and bad reports are refused", async () => {
    await expect(portalSender(site.app.url, memberToken)({ location: "LH", observations: [] })).rejects.toThrow("the portal refused the report: 403 this needs the volunteer role");
    await expect(portalSender(site.app.url, volunteerToken)({ location: "XX", observations: [] })).rejects.toThrow("404 no POP has the code XX");
    const bad = await fetch(new URL("/api/v1/lan/observations", site.app.url), {
      method: "POST",
      headers: { authorization: `Bearer ${volunteerToken}`, "content-type": "application/json" },
      body: JSON.stringify({ location: "LH", observations: [{ port: charlie.port, mac: "nonsense" }] }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("must be a MAC address");
    expect(await site.test.db.select().from(lanFindings)).toEqual([]);

    await portalSender(site.app.url, volunteerToken)({ location: "LH", observations: [{ port: charlie.port, mac: SPOOFED_MAC, ip: alpha.ip }] });
    expect((await site.test.db.select({ kind: lanFindings.kind }).from(lanFindings)).map((f) => f.kind).sort()).toEqual(["ip_wrong_mac", "unregistered_mac"]);
  });

  it("the member sees what was found on their connection, with what to do about it", async () => {
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, "charlie@example.net", "/portal");
    const diagnostics = page.getByRole("region", { name: "Diagnostics: peering LAN" });
    await expect.poll(() => diagnostics.getByTestId("lan-finding").count()).toBe(2);
    const text = await diagnostics.textContent();
    expect(text).toContain("address of another member");
    expect(text).toContain(`${alpha.ip} belongs to AS${alpha.asn}, but ${SPOOFED_MAC} on ${charlie.port} answered for it`);
    expect(text).toContain("Use only the addresses the IX allocated to you.");
    await context.close();
  });

  it("volunteers see the findings on the dashboard, resolve one, and switch MAC filtering on for the POP", async () => {
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, "volunteer@example.net", "/admin");
    const section = page.getByRole("region", { name: "LAN hygiene" });
    const spoof = section.getByTestId("lan-finding").filter({ hasText: "address of another member" });
    await expect.poll(() => spoof.count()).toBe(1);
    expect(await spoof.textContent()).toContain("Charlie");
    await spoof.getByRole("button", { name: "Resolve" }).click();
    await expect.poll(async () => (await site.test.db.select({ resolvedAt: lanFindings.resolvedAt }).from(lanFindings).where(eq(lanFindings.kind, "ip_wrong_mac")))[0]?.resolvedAt).not.toBeNull();
    await page.reload();
    await expect.poll(() => section.getByTestId("lan-finding").count()).toBe(1);

    await page.goto(new URL(`/admin/locations/${locationId}`, site.app.url).toString());
    const filtering = page.getByRole("region", { name: "MAC filtering" });
    await filtering.getByLabel("Only registered MAC addresses may send on member ports").check();
    await filtering.getByRole("button", { name: "Save MAC filtering" }).click();
    await expect.poll(() => filtering.getByRole("status").textContent()).toContain("LH: member ports will only accept registered MAC addresses");
    const [pop] = await site.test.db.select({ enforced: locations.enforceRegisteredMacs }).from(locations).where(eq(locations.id, locationId));
    expect(pop!.enforced).toBe(true);
    await context.close();
  });
});
