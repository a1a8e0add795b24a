import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asns, ips, peeringLans } from "@/server/db/schema";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addMember, addPop, addRouteServer } from "../helpers/tunnel-fixtures";

/**
 * `ixp render arouteserver-clients <route server>` against a real database: only that route server's LAN,
 * the same addresses its BIRD config has sessions with, every per-client setting, and a file that
 * arouteserver's client schema accepts (parsed with PyYAML's safe_load, as arouteserver reads it).
 */

interface ExportedClient {
  asn: number;
  description: string;
  ip: string | string[];
  cfg?: { filtering?: { irrdb?: { as_sets?: string[] }; max_prefix?: { limit_ipv4?: number; limit_ipv6?: number } }; blackhole_filtering?: { announce_to_client?: boolean } };
}

const SCHEMA = new URL("../fixtures/arouteserver/clients.schema.json", import.meta.url);

let test: TestDatabase;
let dir: string;

function exportClients(routeServer: string): { clients: ExportedClient[] } {
  const out = join(dir, `${routeServer}-clients.yml`);
  const result = runCli(["render", "arouteserver-clients", routeServer, "--out", out], { DATABASE_URL: test.url });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const parsed = spawnSync("python3", ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], { input: readFileSync(out, "utf8"), encoding: "utf8" });
  expect(parsed.stderr).toBe("");
  return JSON.parse(parsed.stdout) as { clients: ExportedClient[] };
}

beforeAll(async () => {
  test = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "ixp-ars-"));
  const { db } = test;
  const lanA = await addLan(db);
  const [lanRow] = await db.insert(peeringLans).values({ name: "Second LAN", ipv4Prefix: "198.19.0.0/24", ipv6Prefix: "2001:2:0:2::/64", ixfVlanId: 2 }).$returningId();
  const lanB = lanRow!.id;
  const pop = await addPop(db, { code: "AR", types: { vxlan: { udpPort: 4789 } } });
  await addRouteServer(db, { name: "rs-a", locationId: pop, lanId: lanA, asn: 64500, ipv4Address: "198.18.0.1", ipv6Address: "2001:2:0:1::1" });
  await addRouteServer(db, { name: "rs-b", locationId: pop, lanId: lanB, asn: 64500, ipv4Address: "198.19.0.1", ipv6Address: "2001:2:0:2::1" });
  const member = (name: string, asn: number, lanId: number, tunnelId: number, addresses: string[]) =>
    addMember(db, { name, asn, locationId: pop, lanId, type: "vxlan", tunnelId, remoteEndpoint: null, addresses: addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })) });
  await member('Alpha "Networks"', 64601, lanA, 1, ["198.18.0.11", "2001:2:0:1::11"]);
  await member("Bravo", 64602, lanA, 2, ["198.18.0.12"]);
  await member("Charlie (other LAN)", 64603, lanB, 3, ["198.19.0.13"]);
  await member("Delta (not a route-server client)", 64604, lanA, 4, ["198.18.0.14"]);
  await member("Echo (not provisioned yet)", 64605, lanA, 5, ["198.18.0.15"]);
  await db.update(asns).set({ asSet: "RIPE::AS64601:AS-ALPHA", maxPrefixV4: 120, maxPrefixV6: 30, blackholeOptIn: true }).where(eq(asns.asn, 64601));
  await db.update(asns).set({ asSet: "AS64602" }).where(eq(asns.asn, 64602));
  await db.update(asns).set({ rsClient: false }).where(eq(asns.asn, 64604));
  await db.update(ips).set({ provisioned: false }).where(inArray(ips.address, ["198.18.0.15"]));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await test?.drop();
});

describe("arouteserver clients.yml export", () => {
  it("exports one route server's LAN, the same addresses its BIRD config peers with, with AS-SET, max-prefix and blackhole opt-in", () => {
    const { clients } = exportClients("rs-a");
    expect(clients).toEqual([
      {
        asn: 64601,
        description: 'Alpha "Networks"',
        ip: ["198.18.0.11", "2001:2:0:1::11"],
        cfg: { filtering: { irrdb: { as_sets: ["RIPE::AS64601:AS-ALPHA"] }, max_prefix: { limit_ipv4: 120, limit_ipv6: 30 } }, blackhole_filtering: { announce_to_client: true } },
      },
      { asn: 64602, description: "Bravo", ip: ["198.18.0.12"], cfg: { filtering: { irrdb: { as_sets: ["AS64602"] } }, blackhole_filtering: { announce_to_client: false } } },
    ]);

    expect(runCli(["render", "routeserver", "rs-a", "--out", dir], { DATABASE_URL: test.url }).status).toBe(0);
    const neighbors = [...readFileSync(join(dir, "rs-a.conf"), "utf8").matchAll(/^\s*neighbor (\S+) as (\d+);/gm)].map((m) => `${m[2]} ${m[1]}`).sort();
    expect(clients.flatMap((client) => [client.ip].flat().map((address) => `${client.asn} ${address}`)).sort()).toEqual(neighbors);

    expect(exportClients("rs-b").clients).toEqual([{ asn: 64603, description: "Charlie (other LAN)", ip: ["198.19.0.13"], cfg: { blackhole_filtering: { announce_to_client: false } } }]);
  });

  it("every export passes arouteserver's client schema, which refuses what arouteserver refuses", () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")) as object);
    for (const routeServer of ["rs-a", "rs-b"]) {
      const exported = exportClients(routeServer);
      expect(validate(exported), JSON.stringify(validate.errors)).toBe(true);
    }
    // The schema is not a rubber stamp: these are errors in arouteserver too.
    const client = { asn: 64601, ip: "198.18.0.11" };
    for (const bad of [
      { clients: [{ ...client, cfg: { blackhole_filtering: { announce: true } } }] },
      { clients: [{ ...client, cfg: { filtering: { irrdb: { as_sets: ["AS64601:AS64602"] } } } }] },
      { clients: [{ ...client, ip: "198.18.0.300" }] },
      { clients: [{ ...client, asn: 0 }] },
      { clients: [{ ...client, cfg: { filtering: { max_prefix: { limit_ipv4: -1 } } } }] },
      { clients: [{ ip: "198.18.0.11" }] },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("names an unknown route server in one line", () => {
    const result = runCli(["render", "arouteserver-clients", "nope"], { DATABASE_URL: test.url });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('ixp: no route server named "nope"\n');
  });
});
