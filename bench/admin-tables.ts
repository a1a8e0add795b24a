/**
 * The admin members and requests tables and the operator dashboard at 10,000 members (and 10,000 requests):
 * median query time of one page for each sort and filter the pages offer (target: well under 100 ms).
 * Run: npx tsx bench/admin-tables.ts [members]
 */
import { randomBytes } from "node:crypto";
import { createDb, createPool } from "@/server/db/client";
import { locations, requests } from "@/server/db/schema";
import { filteredByReason, latencyHeatmap, membersDown, operatorDashboard, sessionsPerRouteServer } from "@/server/diagnostics/dashboard";
import { monitoredIpsDown } from "@/server/monitoring/queries";
import { listMembers } from "@/server/members/list";
import { listRequests } from "@/server/requests/list";
import { REQUEST_STATES } from "@/shared/enums";
import { createBenchDatabase, medianTime } from "./bench-db";

const members = Number(process.argv[2] ?? 10_000);
const bench = await createBenchDatabase(`tables${members}`, members);
const pool = createPool(bench.url, 4);
try {
  const db = createDb(pool);
  const [pop] = await db.select({ id: locations.id }).from(locations).limit(1);
  const started = Date.now();
  for (let chunk = 0; chunk < members; chunk += 1000) {
    await db.insert(requests).values(
      Array.from({ length: Math.min(1000, members - chunk) }, (_, i) => ({
        networkName: `Bench Network ${chunk + i}`,
        asn: 4_200_000_000 + chunk + i,
        contactEmail: `noc${chunk + i}@bench.example`,
        locationId: pop!.id,
        tunnelType: "vxlan" as const,
        state: REQUEST_STATES[(chunk + i) % REQUEST_STATES.length]!,
        statusToken: randomBytes(18).toString("base64url"),
        createdAt: new Date(Date.UTC(2026, 0, 1) + (chunk + i) * 60_000),
      })),
    );
  }
  console.log(`inserted ${members} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const cases: [string, () => Promise<unknown>][] = [
    ["members: first page by name", () => listMembers(db, {})],
    ["members: page 100 by name", () => listMembers(db, { page: 100 })],
    ["members: newest first", () => listMembers(db, { sort: "created", dir: "desc" })],
    ["members: state production, by name", () => listMembers(db, { state: "production" })],
    ["members: search by name", () => listMembers(db, { q: "Telecom" })],
    ["members: search by ASN", () => listMembers(db, { q: "AS64512" })],
    ["requests: newest first", () => listRequests(db, {})],
    ["requests: page 100 by name", () => listRequests(db, { sort: "name", dir: "asc", page: 100 })],
    ["requests: pending, newest first", () => listRequests(db, { state: "pending" })],
    ["requests: search by name", () => listRequests(db, { q: "Network 99" })],
    ["dashboard: members down", () => membersDown(db, new Date())],
    ["dashboard: sessions per route server", () => sessionsPerRouteServer(db)],
    ["dashboard: filtered routes by reason", () => filteredByReason(db)],
    ["dashboard: addresses down (warnings, deprovisions)", () => monitoredIpsDown(db, new Date(), 0)],
    ["dashboard: latency heatmap", () => latencyHeatmap(db, new Date())],
    ["operator dashboard (all sections)", () => operatorDashboard(db)],
  ];
  console.log(`\n| ${members} members, ${members} requests | median ms |\n|---|---|`);
  for (const [name, action] of cases) console.log(`| ${name} | ${(await medianTime(9, action)).ms.toFixed(1)} |`);
} finally {
  await pool.end();
  await bench.drop();
}
