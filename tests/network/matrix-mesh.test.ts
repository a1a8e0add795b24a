import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createApiToken } from "@/server/api/tokens";
import { AGENT_SCOPES } from "@/shared/api-scopes";
import { emailOutbox, users } from "@/server/db/schema";
import type { LinkHealth } from "@/server/matrix/mesh-matrix";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { ensureBuilt, startApp, type RunningApp } from "../helpers/app";
import { launchBrowser, newContext, signInWithLink } from "../helpers/browser";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createNamespace, type Namespace } from "../helpers/netns";
import { addPop } from "../helpers/tunnel-fixtures";
import { linkNamespaces, pings } from "../helpers/underlay";

/**
 * Three full POPs in a triangle, each with the real VXLAN mesh the agent builds:
 *   popA (10.77.255.1) -- popB (10.77.255.2) -- popC (10.77.255.3) -- popA
 * Each tunnel server runs the real `ixp agent probe-mesh` (fping inside its namespace) reporting to the built
 * app's POST /api/v1/matrix/mesh with a volunteer's token. Then the link A-B is cut with an nftables drop in popA,
 * and the matrix is read back through the API, the page (Chromium) and the CLI.
 */

const BIN = fileURLToPath(new URL("../../bin/ixp.mjs", import.meta.url));
const CODES = ["TA", "TB", "TC"] as const;

let database: TestDatabase;
let dir: string;
let app: RunningApp;
let browser: Browser;
let token = "";
/** The agents' token can only report; reading the matrix takes its own scope. */
let readToken = "";
const pops: Namespace[] = [];
const probes: ChildProcess[] = [];

function agentApply(ns: Namespace, stateFile: string) {
  const result = spawnSync("ip", ["netns", "exec", ns.name, process.execPath, BIN, "agent", "apply", "--state", stateFile], { encoding: "utf8", timeout: 60_000 });
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
}

type ApiMatrix = { pops: { code: string }[]; rows: ({ from: string; to: string; health: LinkHealth; rttAvgMs: number | null; since: string | null } | null)[][] };

async function apiMatrix(): Promise<ApiMatrix> {
  const response = await fetch(`${app.url}/api/v1/matrix/mesh`, { headers: { authorization: `Bearer ${readToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as ApiMatrix;
}

function cell(matrix: ApiMatrix, from: string, to: string) {
  const i = matrix.pops.findIndex((pop) => pop.code === from);
  const j = matrix.pops.findIndex((pop) => pop.code === to);
  return matrix.rows[i]![j]!;
}

/** Polls the matrix through the API until `done` holds; returns how long that took. */
async function waitForMatrix(done: (matrix: ApiMatrix) => boolean, timeoutMs: number): Promise<{ matrix: ApiMatrix; ms: number }> {
  const started = Date.now();
  for (;;) {
    const matrix = await apiMatrix();
    if (done(matrix) || Date.now() - started > timeoutMs) return { matrix, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const healthOf = (matrix: ApiMatrix) => Object.fromEntries(matrix.rows.flat().filter((c) => c !== null).map((c) => [`${c.from}>${c.to}`, c.health]));

beforeAll(async () => {
  ensureBuilt();
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixp-matrix-"));
  for (const code of CODES) pops.push(createNamespace(code.toLowerCase()));
  for (const [index, pop] of pops.entries()) pop.exec("ip", ["address", "add", `10.77.255.${index + 1}/32`, "dev", "lo"]);
  for (const [n, m] of [[1, 2], [1, 3], [2, 3]] as const) {
    const net = `10.77.1${n}${m}`;
    linkNamespaces(pops[n - 1]!, `${net}.1/30`, pops[m - 1]!, `${net}.2/30`);
    pops[n - 1]!.exec("ip", ["route", "add", `10.77.255.${m}/32`, "via", `${net}.2`]);
    pops[m - 1]!.exec("ip", ["route", "add", `10.77.255.${n}/32`, "via", `${net}.1`]);
  }
  for (const [index, code] of CODES.entries()) await addPop(database.db, { code, endpointIpv4: `10.77.255.${index + 1}`, types: { vxlan: { udpPort: 4789 } } });
  await database.db.insert(users).values([
    { id: "vol-1", email: "noc@ix.example", role: "volunteer" },
    { id: "mem-1", email: "member@example.net", role: "member" },
  ]);

  for (const [index, code] of CODES.entries()) {
    const out = path.join(dir, code);
    await writeRenderedFiles(out, await renderTunnels(database.db, code, path.join(dir, "secrets")));
    agentApply(pops[index]!, path.join(out, "desired-state.json"));
    // An address on each IX bridge, so the test can see the LAN itself cross the mesh.
    pops[index]!.exec("ip", ["address", "add", `198.18.0.${index + 1}/22`, "dev", "br-ixp"]);
  }
  token = (await createApiToken(database.db, "test", { name: "tunnel servers", userEmail: "noc@ix.example", scopes: AGENT_SCOPES, expiresInDays: null })).token;
  readToken = (await createApiToken(database.db, "test", { name: "matrix reader", userEmail: "noc@ix.example", scopes: ["matrix:read"] })).token;
  app = await startApp({ DATABASE_URL: database.url });
  for (const [index, code] of CODES.entries()) {
    const args = [BIN, "agent", "probe-mesh", "--state", path.join(dir, code, "desired-state.json"), "--portal", app.url, "--report-seconds", "1", "--netns", pops[index]!.name];
    probes.push(spawn(process.execPath, args, { env: { ...process.env, IXP_PORTAL_TOKEN: token }, stdio: "ignore" }));
  }
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await Promise.all(
    probes.map((probe) => {
      const exited = new Promise((resolve) => probe.once("exit", resolve));
      probe.kill("SIGTERM");
      return exited;
    }),
  );
  await browser?.close();
  await app?.stop();
  for (const ns of pops) ns.remove();
  rmSync(dir ?? "", { recursive: true, force: true });
  await database?.drop();
});

describe("POP-to-POP connectivity matrix over the real mesh", () => {
  it("every mesh link turns green with its round-trip time", { timeout: 60_000 }, async () => {
    const { matrix } = await waitForMatrix((m) => Object.values(healthOf(m)).every((health) => health === "up"), 45_000);
    expect(healthOf(matrix)).toEqual({ "TA>TB": "up", "TA>TC": "up", "TB>TA": "up", "TB>TC": "up", "TC>TA": "up", "TC>TB": "up" });
    expect(cell(matrix, "TA", "TB").rttAvgMs).toBeGreaterThan(0);
    expect(cell(matrix, "TA", "TB").since).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(pings(pops[0]!, "198.18.0.2", 3, 10)).toBe(true);
  });

  it("a broken mesh link shows red within 10 s in the API, the page and the CLI, the others stay green, and the volunteers get one alert", { timeout: 90_000 }, async () => {
    // Drop everything between A's and B's endpoints inside popA: VXLAN and probes alike.
    const cut = spawnSync("ip", ["netns", "exec", pops[0]!.name, "nft", "-f", "-"], {
      encoding: "utf8",
      input: ["table inet cut {", "  chain out { type filter hook output priority 0; ip daddr 10.77.255.2 drop; }", "  chain in { type filter hook input priority 0; ip saddr 10.77.255.2 drop; }", "}", ""].join("\n"),
    });
    expect(cut.status, cut.stderr).toBe(0);
    const { matrix, ms } = await waitForMatrix((m) => cell(m, "TA", "TB").health === "down" && cell(m, "TB", "TA").health === "down", 10_000);
    expect(healthOf(matrix)).toEqual({ "TA>TB": "down", "TA>TC": "up", "TB>TA": "down", "TB>TC": "up", "TC>TA": "up", "TC>TB": "up" });
    expect(ms).toBeLessThan(10_000);
    // The LAN really is split between A and B, and A still reaches C over the mesh.
    expect(pings(pops[0]!, "198.18.0.2", 2)).toBe(false);
    expect(pings(pops[0]!, "198.18.0.3", 3, 10)).toBe(true);

    const page = await signInWithLink(await newContext(browser), app, "noc@ix.example", "/admin/matrix");
    await page.getByTestId("mesh-TA-TB").waitFor();
    expect(await page.getByTestId("mesh-TA-TB").getAttribute("data-health")).toBe("down");
    expect(await page.getByTestId("mesh-TA-TB").textContent()).toMatch(/^DOWN 100% loss since /);
    for (const [from, to] of [["TA", "TC"], ["TB", "TC"], ["TC", "TA"], ["TC", "TB"]]) expect(await page.getByTestId(`mesh-${from}-${to}`).getAttribute("data-health")).toBe("up");

    const shown = runCli(["matrix", "show", "--pops"], { DATABASE_URL: database.url });
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^TA -> TB {2}DOWN 100% loss since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
    expect(shown.stdout).toMatch(/^TA -> TC {2}up \d+\.\d ms since /m);

    // Both directions went down: one alert for the pair, to the volunteer only.
    const mail = await database.db.select().from(emailOutbox);
    expect(mail.map((m) => m.toAddress)).toEqual(["noc@ix.example"]);
    expect(mail[0]!.subject).toMatch(/^\[Demo Internet Exchange\] Mesh link (TA - TB|TB - TA) is down$/);
  });
});
