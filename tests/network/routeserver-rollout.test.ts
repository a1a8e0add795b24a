import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ips, routeServers } from "@/server/db/schema";
import { END_MARKER } from "@/server/routeserver/render";
import { createLan, startBird, type BirdInstance, type LanPort } from "../helpers/bird";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addMember, addPop, addRouteServer } from "../helpers/tunnel-fixtures";

/**
 * The route-server playbook as an operator runs it: the dynamic inventory from the database (a route
 * server without an SSH host), the render on the controller, the bird_config role, against a real BIRD
 * in a namespace with two member BIRDs on a bridged LAN.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ANSIBLE = path.join(ROOT, "ansible");
const RS_ASN = 64500;
const LAN4 = (i: number) => `198.18.0.${i === 0 ? 1 : 10 + i}`;
const LAN6 = (i: number) => `2001:2:0:1::${i === 0 ? 1 : 10 + i}`;
const MEMBERS = [
  { asn: 64601, port: 1, prefix: "23.1.1.0/24" },
  { asn: 64602, port: 2, prefix: "23.1.2.0/24" },
];

let test: TestDatabase;
let lan: ReturnType<typeof createLan>;
let dir: string;
let rs: BirdInstance;
const birds: BirdInstance[] = [];

const memberConfig = (port: LanPort, asn: number, prefix: string) => `
router id ${port.ipv4};
protocol device {}
protocol static s4 { ipv4; route ${prefix} blackhole; }
protocol bgp to_rs4 {
  local ${port.ipv4} as ${asn};
  neighbor ${LAN4(0)} as ${RS_ASN};
  ipv4 { import all; export all; };
}
`;

function playbook(skipTags: string) {
  const result = spawnSync("ansible-playbook", ["-v", "-i", path.join(ANSIBLE, "inventory", "ixp.sh"), path.join(ANSIBLE, "route-servers.yml"), "-e", `@${path.join(dir, "vars.json")}`, "--skip-tags", skipTags], {
    encoding: "utf8",
    timeout: 150_000,
    env: {
      ...process.env,
      DATABASE_URL: test.url,
      LOG_LEVEL: "silent",
      // The render task runs `node`: the one running this test.
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
      ANSIBLE_CONFIG: path.join(ANSIBLE, "ansible.cfg"),
      ANSIBLE_NOCOLOR: "1",
      ANSIBLE_LOCAL_TEMP: path.join(dir, "ansible-tmp"),
      ANSIBLE_REMOTE_TEMP: path.join(dir, "ansible-tmp"),
    },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const birdc = (...args: string[]) => spawnSync("birdc", ["-s", rs.socket, ...args], { encoding: "utf8" }).stdout;
/** "name state" for every BGP session of the route server, e.g. "AS64601_4_1 Established". */
const sessions = () =>
  birdc("show", "protocols")
    .split("\n")
    .filter((line) => /^\S+\s+BGP\s/.test(line))
    .map((line) => line.trim().split(/\s+/))
    .map((cols) => `${cols[0]} ${cols.at(-1)}`)
    .sort();
const renderedFile = () => path.join(dir, "render", "routeservers", "lab", "lab.conf");

async function until(what: string, probe: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; sessions: ${sessions().join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  test = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixp-rs-rollout-"));
  lan = createLan(3, LAN4, LAN6);
  rs = await startBird(lan.ports[0]!.namespace, "rs", `router id ${LAN4(0)};\nprotocol device {}\n`);
  for (const member of MEMBERS) birds.push(await startBird(lan.ports[member.port]!.namespace, `m${member.port}`, memberConfig(lan.ports[member.port]!, member.asn, member.prefix)));

  const lanId = await addLan(test.db);
  const pop = await addPop(test.db, { code: "RL", types: { vxlan: { udpPort: 4789 } } });
  await addRouteServer(test.db, { name: "lab", locationId: pop, lanId, asn: RS_ASN, ipv4Address: LAN4(0), ipv6Address: LAN6(0) });
  // No SSH host: BIRD's control socket is on this machine.
  await test.db.update(routeServers).set({ controlSocket: rs.socket }).where(eq(routeServers.name, "lab"));
  for (const member of MEMBERS) {
    await addMember(test.db, { name: `Member ${member.asn}`, asn: member.asn, locationId: pop, lanId, type: "vxlan", tunnelId: member.port, remoteEndpoint: null, addresses: [{ address: LAN4(member.port), family: 4 }] });
  }
  writeFileSync(
    path.join(dir, "vars.json"),
    JSON.stringify({
      ansible_python_interpreter: spawnSync("which", ["python3"], { encoding: "utf8" }).stdout.trim(),
      ixp_repo: ROOT,
      ixp_render_root: path.join(dir, "render"),
      bird_config_file: rs.configPath,
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const bird of birds) bird.stop();
  rs?.stop();
  lan?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await test?.drop();
});

describe("route-server rollout through Ansible", () => {
  it("the inventory reaches a route server without an SSH host on this machine; a normal change is rendered, pushed and loaded", async () => {
    const inventory = spawnSync(path.join(ANSIBLE, "inventory", "ixp.sh"), ["--host", "rs-lab"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: test.url, LOG_LEVEL: "silent" } });
    expect(JSON.parse(inventory.stdout)).toEqual({ ansible_connection: "local", ixp_route_server: "lab", ixp_location: "RL", bird_control_socket: rs.socket });

    const run = playbook("packages");
    expect(run.status, run.out).toBe(0);
    expect(readFileSync(rs.configPath, "utf8")).toBe(readFileSync(renderedFile(), "utf8"));
    await until("both member sessions established", () => sessions().join() === "AS64601_4_1 Established,AS64602_4_2 Established");
  }, 180_000);

  it("a session removal: 'Reconfiguration in progress' is success, the play waits for BIRD to finish", async () => {
    await test.db.update(ips).set({ provisioned: false }).where(eq(ips.address, LAN4(2)));
    const run = playbook("packages");
    expect(run.status, run.out).toBe(0);
    // The case this is about: BIRD says it is still shutting the removed session down.
    expect(run.out).toContain("Reconfiguration in progress");
    expect(run.out).toMatch(/Wait until BIRD has finished the reconfiguration[\s\S]*ok: \[rs-lab\]/);
    expect(birdc("show", "status")).toContain("Daemon is up and running");
    expect(sessions()).toEqual(["AS64601_4_1 Established"]);
  }, 180_000);

  it("a truncated render (cut at a block boundary, so BIRD parses it) is refused and nothing changes", () => {
    const running = readFileSync(rs.configPath, "utf8");
    const truncated = running.slice(0, running.lastIndexOf("\nprotocol bgp ") + 1);
    writeFileSync(renderedFile(), truncated);
    expect(spawnSync("bird", ["-p", "-c", renderedFile()]).status, "the dangerous case: BIRD alone would accept it").toBe(0);
    const before = birdc("show", "protocols");

    const run = playbook("packages,render");
    expect(run.status, run.out).not.toBe(0);
    expect(run.out).toContain(`refusing a truncated config: its last line is not the end marker (${END_MARKER})`);
    expect(readFileSync(rs.configPath, "utf8")).toBe(running);
    expect(birdc("show", "protocols")).toBe(before);
  }, 180_000);

  it("a render BIRD rejects is refused and nothing changes", () => {
    const running = readFileSync(rs.configPath, "utf8");
    const invalid = running.replace("protocol bgp ", "protocol bgp { broken ");
    expect(invalid.endsWith(`${END_MARKER}\n`)).toBe(true);
    writeFileSync(renderedFile(), invalid);
    const before = birdc("show", "protocols");

    const run = playbook("packages,render");
    expect(run.status, run.out).not.toBe(0);
    expect(run.out).toContain("failed to validate");
    expect(run.out).not.toContain("refusing a truncated config");
    expect(readFileSync(rs.configPath, "utf8")).toBe(running);
    expect(birdc("show", "protocols")).toBe(before);
  }, 180_000);
});
