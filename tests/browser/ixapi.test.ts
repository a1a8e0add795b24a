import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { clients, ixapiCredentials, locations, peeringLans, requests, users } from "@/server/db/schema";
import { newContext, signInWithLink } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

/**
 * IX-API against the built app: a member makes a key in the portal, an IX-API client lists the LAN and
 * its own config over HTTP and requests a new one, which a volunteer finds in the queue at /admin.
 */
const site = withBrowserApp({ demo: { members: 3, seed: 21 } });

describe("IX-API end to end", () => {
  it("a member's key from the portal lists the LAN and its config, and a new config lands in the volunteer queue", async () => {
    const [member] = await site.test.db.select({ email: users.email, clientId: users.clientId }).from(users).where(eq(users.role, "member"));
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, member!.email, "/portal");
    const section = page.getByRole("region", { name: "IX-API keys" });
    await section.locator('[name="name"]').fill("ordering system");
    await section.getByRole("button", { name: "Create IX-API key" }).click();
    await expect.poll(() => section.getByRole("status").textContent()).toMatch(/api_secret/);
    const message = (await section.getByRole("status").textContent())!;
    const apiKey = /api_key ([0-9a-f]{16})/.exec(message)![1]!;
    const apiSecret = /api_secret \(shown only now\): ([A-Za-z0-9_-]{86})/.exec(message)![1]!;
    await expect.poll(() => section.locator("tbody").textContent()).toContain(apiKey);
    const [stored] = await site.test.db.select({ userId: ixapiCredentials.userId }).from(ixapiCredentials).where(eq(ixapiCredentials.apiKey, apiKey));
    const [memberUser] = await site.test.db.select({ id: users.id }).from(users).where(eq(users.email, member!.email));
    expect(stored!.userId).toBe(memberUser!.id);
    await context.close();

    const base = `${site.app.url}/ix-api/v2`;
    const login = await fetch(`${base}/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ api_key: apiKey, api_secret: apiSecret }) });
    expect(login.status).toBe(201);
    const { access_token } = (await login.json()) as { access_token: string };
    const get = async (path: string) => {
      const response = await fetch(`${base}/${path}`, { headers: { Authorization: `Bearer ${access_token}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>[];
    };
    const [lan] = await site.test.db.select().from(peeringLans).where(eq(peeringLans.active, true));
    expect(await get("network-services")).toEqual([expect.objectContaining({ id: String(lan!.id), type: "exchange_lan", subnet_v4: lan!.ipv4Prefix })]);
    const configs = await get("network-service-configs");
    expect(configs.length).toBeGreaterThan(0);
    expect(new Set(configs.map((c) => c.consuming_account))).toEqual(new Set([String(member!.clientId)]));
    expect((configs[0]!.ips as string[]).length).toBeGreaterThan(0);

    const [pop] = await site.test.db.select({ id: locations.id, code: locations.code }).from(locations).where(eq(locations.active, true));
    const created = await fetch(`${base}/network-service-configs`, {
      method: "POST",
      headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        type: "exchange_lan",
        network_service: String(lan!.id),
        managing_account: String(member!.clientId),
        consuming_account: String(member!.clientId),
        asns: [213998],
        pop: String(pop!.id),
        tunnel_type: "vxlan",
        remote_endpoint: "8.8.4.4",
      }),
    });
    expect(created.status).toBe(201);
    const config = (await created.json()) as { id: string; state: string };
    expect(config.state).toBe("requested");
    const requestId = Number(config.id.replace("request-", ""));
    const [row] = await site.test.db.select({ asn: requests.asn, contactEmail: requests.contactEmail }).from(requests).where(eq(requests.id, requestId));
    const [client] = await site.test.db.select({ name: clients.name, contactEmail: clients.contactEmail }).from(clients).where(eq(clients.id, member!.clientId!));
    expect(row).toEqual({ asn: 213998, contactEmail: client!.contactEmail });

    const volunteer = await newContext(site.browser);
    const queue = await signInWithLink(volunteer, site.app, "volunteer@example.net", "/admin");
    const entry = queue.locator(`[data-request-id="${requestId}"]`);
    expect(await entry.textContent()).toContain(`#${requestId} ${client!.name}`);
    expect(await entry.textContent()).toContain(`VXLAN at ${pop!.code}`);
    await volunteer.close();
  });
});
