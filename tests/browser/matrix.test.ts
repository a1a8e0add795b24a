import { describe, expect, it } from "vitest";
import { createApiToken, scopesOfRole } from "@/server/api/tokens";
import { AGENT_SCOPES } from "@/shared/api-scopes";
import { ips, meshLinkProbes, users } from "@/server/db/schema";
import { newContext, signInWithLink } from "../helpers/browser";
import { addLan, addMember, addPop } from "../helpers/tunnel-fixtures";
import { withBrowserApp } from "../helpers/browser-app";

/** The matrix pages and the probe report API on the built app: a tunnel server reports, volunteers and members look. */

let volunteerToken = "";
let memberToken = "";

const site = withBrowserApp({
  async prepare(test) {
    const lanId = await addLan(test.db);
    const a = await addPop(test.db, { code: "TA", endpointIpv4: "10.0.0.1", types: { vxlan: { udpPort: 4789 } } });
    const b = await addPop(test.db, { code: "TB", endpointIpv4: "10.0.0.2", types: { vxlan: { udpPort: 4789 } } });
    const alpha = await addMember(test.db, { name: "Alpha Networks", asn: 64601, locationId: a, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "192.0.2.1", addresses: [{ address: "198.18.0.40", family: 4 }] });
    await addMember(test.db, { name: "Bravo Transit", asn: 64602, locationId: b, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "192.0.2.2", addresses: [{ address: "198.18.0.41", family: 4 }] });
    await test.db.update(ips).set({ pingable: true });
    await test.db.insert(users).values([
      { id: "vol-1", email: "volunteer@example.net", role: "volunteer" },
      { id: "mem-1", email: "member@example.net", role: "member", clientId: alpha.clientId },
    ]);
    volunteerToken = (await createApiToken(test.db, "test", { name: "tunnel server TA", userEmail: "volunteer@example.net", scopes: AGENT_SCOPES, expiresInDays: null })).token;
    memberToken = (await createApiToken(test.db, "test", { name: "member script", userEmail: "member@example.net", scopes: scopesOfRole("member"), expiresInDays: 30 })).token;
  },
});

function postReport(token: string, body: unknown) {
  return fetch(`${site.app.url}/api/v1/matrix/mesh`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("mesh probe reports over the API", () => {
  it("takes a tunnel server's report with a volunteer's token; refuses members and bad reports, storing nothing", async () => {
    expect((await postReport(memberToken, { pop: "TA", links: [{ peer: "TB", sent: 1, received: 1 }] })).status).toBe(403);
    const bad = await postReport(volunteerToken, { pop: "TA", links: [{ peer: "TB", sent: 1, received: 5 }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("received must not exceed sent");
    const unknown = await postReport(volunteerToken, { pop: "TA", links: [{ peer: "XX", sent: 1, received: 1 }] });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain("unknown POP code(s): XX");
    expect(await site.test.db.select().from(meshLinkProbes)).toEqual([]);

    const down = await postReport(volunteerToken, { pop: "TA", links: [{ peer: "TB", sent: 3, received: 0 }] });
    expect(down.status, await down.clone().text()).toBe(200);
    expect(await down.json()).toEqual({ changed: [{ peer: "TB", state: "down" }] });
    expect((await postReport(volunteerToken, { pop: "TB", links: [{ peer: "TA", sent: 2, received: 2, rttAvgMs: 0.42 }] })).status).toBe(200);
  });
});

describe("matrix pages", () => {
  it("volunteers see the broken link red at a glance and the healthy direction green, with numbers and since", async () => {
    const page = await signInWithLink(await newContext(site.browser), site.app, "volunteer@example.net", "/admin/matrix");
    await page.getByRole("heading", { name: "Connectivity matrix" }).waitFor();
    expect(await page.getByRole("link", { name: "Matrix" }).getAttribute("href")).toBe("/admin/matrix");
    const broken = page.getByTestId("mesh-TA-TB");
    expect(await broken.getAttribute("data-health")).toBe("down");
    expect(await broken.textContent()).toMatch(/^DOWN 100% loss since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    const [red, green, blue] = await broken.evaluate((el) => {
      // Paint the computed colour (Tailwind writes lab()/oklch()) to read it back as sRGB.
      const context = document.createElement("canvas").getContext("2d")!;
      context.fillStyle = getComputedStyle(el).backgroundColor;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data];
    });
    expect(red).toBeGreaterThan(180);
    expect(green).toBeLessThan(80);
    expect(blue).toBeLessThan(80);
    const healthy = page.getByTestId("mesh-TB-TA");
    expect(await healthy.getAttribute("data-health")).toBe("up");
    expect(await healthy.textContent()).toMatch(/^up 0\.4 ms since /);
    await expect(page.getByRole("region", { name: "Members to route servers" }).textContent()).resolves.toContain("Alpha Networks (AS64601)");
    expect(await page.getByTestId("member-pair").count()).toBe(2);
  });

  it("a member sees their own row: who they can reach over the LAN and why not", async () => {
    const page = await signInWithLink(await newContext(site.browser), site.app, "member@example.net", "/portal/reach");
    await page.getByRole("heading", { name: "Who can you reach over the LAN" }).waitFor();
    const rows = page.getByTestId("member-pair");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Bravo Transit (AS64602) 198.18.0.41");
    expect(await rows.first().textContent()).toMatch(/UNREACHABLE: mesh link TA -> TB is down since /);
    expect(await page.getByRole("link", { name: "Who can I reach" }).getAttribute("href")).toBe("/portal/reach");
  });
});
