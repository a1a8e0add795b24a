import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, createPool, type Database } from "@/server/db/client";
import { asns, irrPrefixSets, locations } from "@/server/db/schema";
import { env as appEnv } from "@/server/env";
import { generateIxfDocument } from "@/server/ixf/service";
import { listActiveRouteServers, loadRenderInput, renderOptionsFromEnv } from "@/server/routeserver/queries";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { seedDemo } from "@/server/seed/demo";
import { renderTunnels } from "@/server/tunnels/service";
import { runCliAsync } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { TEST_SERVER_URL, testRunId } from "../helpers/run-id";

/**
 * `ixp db backup` then `ixp db restore` into an empty database and another secrets directory: everything
 * the portal generates from them (route-server configs, tunnel desired states with the OpenVPN CA's
 * certificates, the IX-F export) comes out byte for byte as before.
 */

const NOW = new Date("2026-06-01T12:00:00.000Z");
let source: TestDatabase;
let target: { url: string; name: string; pool: mysql.Pool; db: Database };
let dir: string;
/** What the source generated before the backup. */
let before: Record<string, string>;

/** Everything generated from one database + secrets directory, as text. */
async function generated(db: Database, secretsDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const routeServer of await listActiveRouteServers(db)) {
    const input = await loadRenderInput(db, routeServer, (lanPrefixes, neverVia) => renderOptionsFromEnv(appEnv(), lanPrefixes, neverVia), NOW);
    out[`routeserver/${routeServer.name}.conf`] = renderRouteServerConfig(input).config;
  }
  for (const { code } of await db.select({ code: locations.code }).from(locations)) {
    for (const file of await renderTunnels(db, code, secretsDir)) out[`tunnels/${code}/${file.path}`] = file.content;
  }
  out["ixf.json"] = JSON.stringify(await generateIxfDocument(db, NOW));
  return out;
}

const cli = (args: string[], url: string, secretsDir: string) => runCliAsync(["db", ...args], { DATABASE_URL: url, SECRETS_DIR: secretsDir });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ixp-backup-test-"));
  source = await createTestDatabase();
  await seedDemo(source.db, { members: 25, seed: 12 });
  // IRR lists (a longtext of JSON and a JSON column) as the IRR job stores them.
  const someAsns = await source.db.select({ id: asns.id }).from(asns).limit(3);
  await source.db.insert(irrPrefixSets).values(
    someAsns.map((asn, i) => ({
      asnId: asn.id,
      family: 4,
      prefixes: JSON.stringify([{ prefix: `203.0.${113 + i}.0/24` }, { prefix: "198.51.100.0/22", le: 24 }]),
      source: "RADB",
      originAsns: [64496 + i, 64511],
      fetchedAt: NOW,
    })),
  );
  const name = `ixpt_${testRunId()}_${process.pid}_restored`;
  const url = new URL(name, TEST_SERVER_URL).toString();
  const pool = createPool(url, 4);
  target = { url, name, pool, db: createDb(pool) };
}, 120_000);

afterAll(async () => {
  await target?.pool.end();
  const admin = await mysql.createConnection({ uri: TEST_SERVER_URL });
  await admin.query(`DROP DATABASE IF EXISTS \`${target?.name}\``);
  await admin.end();
  await source?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("ixp db backup / restore", () => {
  it("round-trips into an empty database: route-server configs, tunnel states and the IX-F export are byte-identical", async () => {
    const secrets = path.join(dir, "secrets");
    before = await generated(source.db, secrets); // also creates the OpenVPN CA and the POP certificates
    expect(Object.keys(before).some((file) => file.startsWith("tunnels/") && /BEGIN CERTIFICATE/.test(before[file]!))).toBe(true);

    const archive = path.join(dir, "backup.tar.gz");
    const backup = await cli(["backup", "--out", archive], source.url, secrets);
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(extract(archive, "look"), "manifest.json"), "utf8")) as {
      migration: string;
      rowCounts: Record<string, number>;
      files: { path: string; sha256: string }[];
    };
    expect(manifest.migration).toMatch(/^\d{4}_/);
    expect(manifest.rowCounts.clients).toBe(25);
    expect(manifest.rowCounts.irr_prefix_sets).toBe(3);
    expect(manifest.files.map((file) => file.path)).toContain("secrets/openvpn/ca.key");

    const restoredSecrets = path.join(dir, "restored-secrets");
    const restore = await cli(["restore", archive], target.url, restoredSecrets);
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/restored .* rows checked, \d+ secret files/);

    const after = await generated(target.db, restoredSecrets);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const file of Object.keys(before)) expect(after[file], file).toBe(before[file]);
  }, 120_000);

  it("refuses a non-empty database unless forced and a corrupt archive even when forced, changing nothing; --force replaces", async () => {
    const archive = path.join(dir, "backup.tar.gz");
    // Bytes flipped in the compressed stream.
    const damaged = Buffer.from(readFileSync(archive));
    for (let i = 200; i < 260; i++) damaged[i] = damaged[i]! ^ 0xff;
    writeFileSync(path.join(dir, "damaged.tar.gz"), damaged);
    // A well-formed archive whose dump was edited after the manifest was written.
    const unpacked = extract(archive, "tamper");
    const dump = path.join(unpacked, "database.sql");
    writeFileSync(dump, readFileSync(dump, "utf8").replace(/INSERT INTO `clients` VALUES \(/, "INSERT INTO `clients` VALUES ( "));
    await tar.create({ gzip: true, file: path.join(dir, "tampered.tar.gz"), cwd: unpacked }, ["manifest.json", "database.sql", "secrets"]);

    // A change the archive does not have: a refused restore must leave it, a forced one replace it.
    await target.pool.query("update clients set name = 'Marker not in the archive' order by id limit 1");
    const marker = async () => ((await target.pool.query("select count(*) as n from clients where name = 'Marker not in the archive'")) as unknown as [[{ n: number }]])[0][0].n;
    const [clientsBefore] = await target.pool.query("select count(*) as n from clients");
    const [notEmpty, damagedRestore, tamperedRestore] = await Promise.all([
      cli(["restore", archive], target.url, path.join(dir, "other-secrets")),
      ...["damaged.tar.gz", "tampered.tar.gz"].map((file) => cli(["restore", "--force", path.join(dir, file)], target.url, path.join(dir, "restored-secrets"))),
    ]);
    expect(notEmpty!.status).toBe(1);
    expect(notEmpty!.stderr).toMatch(/database ixpt_\w+ is not empty \(\d+ tables\).*--force/);
    expect(damagedRestore!.status).toBe(1);
    expect(damagedRestore!.stderr).toMatch(/is not a readable backup archive .*corrupt/);
    expect(tamperedRestore!.status).toBe(1);
    expect(tamperedRestore!.stderr).toMatch(/checksum mismatch for database\.sql .*nothing was restored/);
    const [clientsAfter] = await target.pool.query("select count(*) as n from clients");
    expect(clientsAfter).toEqual(clientsBefore);
    expect(await marker()).toBe(1);

    // --force replaces a populated database (its tables dropped first, foreign keys and all) and the secrets.
    await target.pool.query("delete from irr_prefix_sets");
    const forced = await cli(["restore", "--force", archive], target.url, path.join(dir, "restored-secrets"));
    expect(forced.stderr).toBe("");
    expect(forced.status).toBe(0);
    expect(await marker()).toBe(0);
    const after = await generated(target.db, path.join(dir, "restored-secrets"));
    for (const file of Object.keys(before)) expect(after[file], file).toBe(before[file]);
  }, 60_000);
});

function extract(archive: string, name: string): string {
  const into = mkdtempSync(path.join(dir, `${name}-`));
  tar.extract({ file: archive, cwd: into, sync: true });
  return into;
}
