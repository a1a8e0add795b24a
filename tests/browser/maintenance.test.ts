import { describe, expect, it } from "vitest";
import { eq, like } from "drizzle-orm";
import ical, { type VEvent } from "node-ical";
import { connections, emailOutbox, locations, maintenanceWindows, users } from "@/server/db/schema";
import { newContext, signInWithLink } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

let member: { email: string; clientId: number };
let pop: { code: string; name: string };
const start = new Date(Math.ceil((Date.now() + 48 * 3_600_000) / 60_000) * 60_000);
const end = new Date(start.getTime() + 90 * 60_000);
const local = (date: Date) => date.toISOString().slice(0, 16);

const site = withBrowserApp({
  demo: { members: 5, seed: 4 },
  async prepare(test) {
    const [user] = await test.db.select({ email: users.email, clientId: users.clientId }).from(users).where(eq(users.role, "member"));
    member = { email: user!.email, clientId: user!.clientId! };
    const [where] = await test.db
      .select({ code: locations.code, name: locations.name })
      .from(connections)
      .innerJoin(locations, eq(locations.id, connections.locationId))
      .where(eq(connections.clientId, member.clientId));
    pop = where!;
  },
});

describe("maintenance in Chromium", () => {
  it("a volunteer schedules a POP maintenance in the admin form, with a clear error first; the members there are emailed", async () => {
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, "volunteer@example.net", "/admin");
    await page.getByRole("link", { name: "Maintenance" }).click();
    await page.waitForURL("**/admin/maintenance");
    await page.getByLabel("What is maintained").selectOption({ label: "A POP" });
    await page.getByLabel("Start (UTC)").fill(local(start));
    await page.getByLabel("End (UTC)").fill(local(end));
    await page.getByLabel("Reason").fill("Replacing the switch");
    await page.getByLabel("Impact on members").fill("Tunnels to this POP drop for up to 10 minutes.");
    await page.getByRole("button", { name: "Schedule and notify members" }).click();

    // Refused: no POP chosen. The error sits next to the field and what was typed stays.
    await expect.poll(() => page.locator("#target-error").textContent()).toBe("choose the POP");
    expect(await page.getByLabel("Reason").inputValue()).toBe("Replacing the switch");
    expect(await site.test.db.select().from(maintenanceWindows)).toEqual([]);

    await page.getByLabel("Which POP or route server").selectOption({ label: `POP ${pop.code} (${pop.name})` });
    await page.getByRole("button", { name: "Schedule and notify members" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(new RegExp(`Maintenance of POP ${pop.code} \\(.*\\) scheduled; \\d+ member\\(s\\) emailed\\.`));
    const [window] = await site.test.db.select().from(maintenanceWindows);
    expect(window).toMatchObject({ scope: "pop", startsAt: start, endsAt: end, reason: "Replacing the switch" });
    await page.reload();
    expect(await page.getByTestId(`maintenance-${window!.id}`).textContent()).toMatch(/Upcoming.*Replacing the switch/);
    const mails = await site.test.db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `maintenance:${window!.id}:scheduled:client:${member.clientId}`));
    expect(mails).toHaveLength(1);
    await context.close();
  });

  it("the member concerned sees the banner on their portal, and everyone on the public home page", async () => {
    const context = await newContext(site.browser);
    const portal = await signInWithLink(context, site.app, member.email, "/portal");
    const banner = portal.getByRole("complementary", { name: "Planned maintenance" });
    expect(await banner.textContent()).toContain(`Maintenance of POP ${pop.code}`);
    expect(await banner.textContent()).toContain("Tunnels to this POP drop for up to 10 minutes.");
    await context.close();

    const visitor = await (await newContext(site.browser)).newPage();
    await visitor.goto(site.app.url);
    expect(await visitor.getByRole("complementary", { name: "Planned maintenance" }).textContent()).toContain(`${local(start).replace("T", " ")} UTC to ${local(end).replace("T", " ")} UTC: Replacing the switch`);
    await visitor.context().close();
  });

  it("/maintenance.ics is a calendar with the window, and cancelling in the admin page removes the banner", async () => {
    const response = await fetch(`${site.app.url}/maintenance.ics`);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const events = Object.values(ical.sync.parseICS(await response.text())).filter((item): item is VEvent => item?.type === "VEVENT");
    expect(events.map((e) => [e.summary, e.start.toISOString(), e.end?.toISOString(), e.status])).toEqual([
      [`Maintenance of POP ${pop.code} (${pop.name})`, start.toISOString(), end.toISOString(), "CONFIRMED"],
    ]);

    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, "volunteer@example.net", "/admin/maintenance");
    await page.getByRole("button", { name: "Cancel maintenance" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/cancelled; \d+ member\(s\) emailed/);
    await page.goto(site.app.url);
    expect(await page.getByRole("complementary", { name: "Planned maintenance" }).count()).toBe(0);
    await context.close();
  });
});
