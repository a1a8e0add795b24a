import { describe, expect, it } from "vitest";
import { lgSessionsPage, lgSessionsQuerySchema } from "@/server/lookingglass/sessions";
import type { LgProtocol } from "@/server/lookingglass/service";

/** /lg/<rs>'s sessions table: searched, sorted and paged on the server. */

function session(i: number, overrides: Partial<LgProtocol> = {}): LgProtocol {
  return {
    name: `AS${64500 + i}_4_${i}`,
    state: "up",
    bgpState: i % 3 === 0 ? "Active" : "Established",
    since: null,
    neighborAddress: `198.51.100.${i}`,
    neighborAs: 64500 + i,
    lastError: null,
    routes: { imported: i % 7, filtered: i % 5, exported: 10 },
    owner: { clientId: i, name: `Member ${String(i).padStart(3, "0")}`, asn: 64500 + i, asSet: null, address: `198.51.100.${i}` },
    ...overrides,
  };
}

const SESSIONS = Array.from({ length: 120 }, (_, i) => session(i + 1));
const query = (input: Record<string, unknown>) => lgSessionsQuerySchema.parse(input);

describe("lgSessionsPage", () => {
  it("pages 50 at a time in name order and counts established sessions over all of them", () => {
    const first = lgSessionsPage(SESSIONS, query({}));
    expect(first.rows.map((r) => r.owner!.name)).toEqual(SESSIONS.slice(0, 50).map((s) => s.owner!.name));
    expect([first.total, first.matching, first.page, first.pages, first.offset]).toEqual([120, 120, 1, 3, 0]);
    expect(first.established).toBe(SESSIONS.filter((s) => s.bgpState === "Established").length);
    const last = lgSessionsPage(SESSIONS, query({ page: "3" }));
    expect(last.rows.map((r) => r.name)).toEqual(SESSIONS.slice(100).map((s) => s.name));
    // A page past the end shows the last one.
    expect(lgSessionsPage(SESSIONS, query({ page: "9" })).page).toBe(3);
  });

  it("sorts by the chosen column, ties by session name", () => {
    const byImported = lgSessionsPage(SESSIONS, query({ sort: "imported" }), 200).rows;
    for (let i = 1; i < byImported.length; i++) {
      const [a, b] = [byImported[i - 1]!, byImported[i]!];
      expect(a.routes.imported > b.routes.imported || (a.routes.imported === b.routes.imported && a.name.localeCompare(b.name) < 0)).toBe(true);
    }
    expect(lgSessionsPage(SESSIONS, query({ sort: "state" }), 200).rows[0]!.bgpState).toBe("Active");
    expect(lgSessionsPage([session(2), session(1)], query({ sort: "asn" })).rows.map((r) => r.neighborAs)).toEqual([64501, 64502]);
  });

  it("finds sessions by member, AS number with or without AS, address, and state; every word must match", () => {
    const names = (q: string) => lgSessionsPage(SESSIONS, query({ q }), 200).rows.map((r) => r.owner!.name);
    expect(names("member 007")).toEqual(["Member 007"]);
    expect(names("AS64512")).toEqual(["Member 012"]);
    expect(names("64512")).toEqual(["Member 012"]);
    expect(names("198.51.100.99")).toEqual(["Member 099"]);
    expect(names("active member 01")).toEqual(["Member 012", "Member 015", "Member 018"]);
    const none = lgSessionsPage(SESSIONS, query({ q: "nobody" }));
    expect([none.matching, none.rows.length, none.total]).toEqual([0, 0, 120]);
  });

  it("refuses what the query string must not carry", () => {
    expect(lgSessionsQuerySchema.safeParse({ sort: "since" }).success).toBe(false);
    expect(lgSessionsQuerySchema.safeParse({ page: "0" }).success).toBe(false);
    expect(lgSessionsQuerySchema.safeParse({ q: "x".repeat(101) }).success).toBe(false);
  });
});
