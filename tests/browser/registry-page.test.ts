import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { asns, clients, ips, peeringLans, registryObjects } from "@/server/db/schema";
import { newContext, signInWithLink } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

const site = withBrowserApp({ demo: { members: 3, seed: 7 }, env: { IX_SHORTNAME: "DEMO-IX" } });

/** A new member with one IPv6 address on the demo LAN, as an approval would add it. */
async function addMember(asn: number, address: string): Promise<void> {
  const [lan] = await site.test.db.select({ id: peeringLans.id }).from(peeringLans);
  const [{ id: clientId }] = (await site.test.db.insert(clients).values({ name: `Network ${asn}`, contactEmail: `noc@as${asn}.example` }).$returningId()) as [{ id: number }];
  const [{ id: asnId }] = (await site.test.db.insert(asns).values({ asn, clientId }).$returningId()) as [{ id: number }];
  await site.test.db.insert(ips).values({ lanId: lan!.id, asnId, family: 6, address, state: "production" });
}

const asSetSection = (page: Page) => page.getByRole("region", { name: "The IX's AS-SET" });

describe("admin Registry & DNS page in Chromium", () => {
  it("shows the AS-SET with its diff, records it as published, and refuses to record a version the volunteer did not see", async () => {
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, "volunteer@example.net", "/admin");
    await page.getByRole("link", { name: "Registry & DNS" }).click();
    await page.waitForURL("**/admin/registry");

    const section = asSetSection(page);
    expect(await section.getByLabel("The IX's AS-SET as it is now").textContent()).toMatch(/^as-set: +AS-DEMOIX\n/);
    expect(await section.textContent()).toContain("Never published.");
    await section.getByRole("button", { name: "Mark as published" }).click();
    await expect.poll(() => section.getByRole("status").textContent()).toBe("The as-set object is recorded as published.");
    await expect.poll(() => section.textContent()).toContain("Unchanged since then.");
    expect(await section.getByRole("button", { name: "Mark as published" }).isVisible()).toBe(false);
    const [published] = await site.test.db.select().from(registryObjects).where(eq(registryObjects.kind, "as-set"));
    expect(published!.publishedBy).toBe("volunteer@example.net");

    await addMember(4_200_000_101, "2001:2:0:1::fff1");
    await page.reload();
    expect(await section.getByLabel("The IX's AS-SET: changes since last published").textContent()).toContain("+members:        AS4200000101");
    expect(await section.textContent()).toContain("Last published");

    // Someone approves another member while this page is open: the button refuses the stale version.
    await addMember(4_200_000_102, "2001:2:0:1::fff2");
    await section.getByRole("button", { name: "Mark as published" }).click();
    await expect.poll(() => section.getByRole("status").textContent()).toContain("The as-set object changed since it was shown");
    expect((await site.test.db.select().from(registryObjects).where(eq(registryObjects.kind, "as-set")))[0]).toEqual(published);

    await page.reload();
    expect(await section.textContent()).toContain("+members:        AS4200000102");
    expect(await page.getByRole("region", { name: "Reverse DNS zones" }).textContent()).toContain("Reverse DNS is off: set RDNS_DOMAIN");
    await context.close();
  });
});
