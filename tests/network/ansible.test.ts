import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { END_MARKER } from "@/server/routeserver/render";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createNamespace, type Namespace } from "../helpers/netns";
import { addLan, addMember, addPop } from "../helpers/tunnel-fixtures";

/** The playbooks parse, and the config-push roles really run against a local target inside a namespace, into a temp dir. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ANSIBLE = path.join(ROOT, "ansible");
let database: TestDatabase;
let ns: Namespace;
let dir: string;

function playbook(file: string, args: string[]) {
  const result = spawnSync("ip", ["netns", "exec", ns.name, "ansible-playbook", "-i", path.join(dir, "inventory.ini"), path.join(ANSIBLE, file), "-e", `@${path.join(dir, "vars.json")}`, ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, ANSIBLE_CONFIG: path.join(ANSIBLE, "ansible.cfg"), ANSIBLE_NOCOLOR: "1", ANSIBLE_LOCAL_TEMP: path.join(dir, "ansible-tmp"), ANSIBLE_REMOTE_TEMP: path.join(dir, "ansible-tmp") },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const recapChanged = (out: string) => Number(/changed=(\d+)/.exec(out.slice(out.lastIndexOf("PLAY RECAP")))?.[1]);

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixp-ansible-"));
  ns = createNamespace("ansbl");
  const lanId = await addLan(database.db);
  const popId = await addPop(database.db, { code: "TL", endpointIpv4: "10.79.255.1", types: { vxlan: { udpPort: 4789 }, openvpn: { port: 1194 }, eoip: {} } });
  await addMember(database.db, { name: "Lima", asn: 64621, locationId: popId, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "10.79.1.2", addresses: [{ address: "198.18.0.60", family: 4 }] });
  await addMember(database.db, { name: "Mike", asn: 64622, locationId: popId, lanId, type: "eoip", tunnelId: 7, remoteEndpoint: "10.79.1.3", addresses: [] });
  await writeRenderedFiles(path.join(dir, "render", "TL"), await renderTunnels(database.db, "TL", path.join(dir, "secrets")));

  const build = spawnSync("npm", ["run", "--silent", "build:agent"], { cwd: ROOT, encoding: "utf8" });
  expect(build.status, build.stderr).toBe(0);

  mkdirSync(path.join(dir, "rs"));
  writeFileSync(path.join(dir, "rs", "bird.conf"), "router id 198.18.0.1;\nprotocol device {}\n");
  ns.exec("bird", ["-c", path.join(dir, "rs", "bird.conf"), "-s", path.join(dir, "bird.ctl"), "-P", path.join(dir, "bird.pid")]);
  const target = path.join(dir, "target");
  writeFileSync(path.join(dir, "inventory.ini"), "[tunnel_servers]\ntunnel-tl ansible_connection=local ixp_location=TL\n[route_servers]\nrs-lab ansible_connection=local ixp_route_server=lab\n");
  // Extra vars: they outrank the playbooks' own vars, as an operator's -e would.
  writeFileSync(
    path.join(dir, "vars.json"),
    JSON.stringify({
      ansible_python_interpreter: spawnSync("which", ["python3"], { encoding: "utf8" }).stdout.trim(),
      ixp_tunnel_render_dir: path.join(dir, "render", "TL"),
      ixp_agent_bundle: path.join(ROOT, "dist", "ixp-agent.mjs"),
      ixp_node: process.execPath,
      ixp_agent_dir: `${target}/lib`,
      ixp_tunnel_config_dir: `${target}/etc`,
      ixp_agent_timer: false,
      openvpn_server_dir: `${target}/openvpn`,
      openvpn_manage_service: false,
      eoip_config_dir: `${target}/eoip`,
      eoip_manage_services: false,
      bird_render_dir: path.join(dir, "rs", "render"),
      bird_config_file: path.join(dir, "rs", "bird.conf"),
      bird_control_socket: path.join(dir, "bird.ctl"),
    }),
  );
});

afterAll(async () => {
  const pidFile = path.join(dir ?? "", "bird.pid");
  if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGTERM");
  ns?.remove();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe("Ansible", () => {
  it("both playbooks pass --syntax-check", () => {
    for (const file of ["tunnel-servers.yml", "route-servers.yml"]) {
      const result = playbook(file, ["--syntax-check"]);
      expect(result.status, result.out).toBe(0);
    }
  });

  it("the tunnel-server roles push the files and run the agent; a second run changes nothing", () => {
    const first = playbook("tunnel-servers.yml", ["--skip-tags", "packages,render"]);
    expect(first.status, first.out).toBe(0);
    const target = path.join(dir, "target");
    expect(statSync(path.join(target, "openvpn", "server.key")).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(target, "openvpn", "ccd", "conn-1"))).toBe(false);
    expect(readFileSync(path.join(target, "eoip", "ixpe7.env"), "utf8")).toContain("EOIP_REMOTE=10.79.1.3");
    expect(ns.exec("ip", ["-br", "link", "show", "master", "br-ixp"])).toMatch(/ixpv100[\s\S]*ixpe7|ixpe7[\s\S]*ixpv100/);
    const second = playbook("tunnel-servers.yml", ["--skip-tags", "packages,render"]);
    expect(second.status, second.out).toBe(0);
    expect(recapChanged(second.out), second.out).toBe(0);
  });

  it("the route-server role pushes a config BIRD accepts and reloads it, and refuses one BIRD rejects", () => {
    mkdirSync(path.join(dir, "rs", "render"), { recursive: true });
    writeFileSync(path.join(dir, "rs", "render", "lab.conf"), `router id 198.18.0.1;\nprotocol device {}\nprotocol static pushed_by_ansible { ipv4; route 192.0.2.0/24 blackhole; }\n${END_MARKER}\n`);
    const good = playbook("route-servers.yml", ["--skip-tags", "packages,render"]);
    expect(good.status, good.out).toBe(0);
    expect(ns.exec("birdc", ["-s", path.join(dir, "bird.ctl"), "show", "protocols"])).toContain("pushed_by_ansible");

    writeFileSync(path.join(dir, "rs", "render", "lab.conf"), `router id 198.18.0.1;\nprotocol static { this is not bird }\n${END_MARKER}\n`);
    const bad = playbook("route-servers.yml", ["--skip-tags", "packages,render"]);
    expect(bad.status).not.toBe(0);
    expect(readFileSync(path.join(dir, "rs", "bird.conf"), "utf8")).toContain("pushed_by_ansible");
  });
});
