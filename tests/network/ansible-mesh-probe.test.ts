import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createNamespace, type Namespace } from "../helpers/netns";
import { addLan, addPop } from "../helpers/tunnel-fixtures";

/** The ixp_agent role with the mesh probe turned on: the portal token lands root-only and never in Ansible's output. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ANSIBLE = path.join(ROOT, "ansible");
const TOKEN = "ixp_meshprobetoken0123456789abcdefghijklmnopq";
let database: TestDatabase;
let ns: Namespace;
let dir: string;

function playbook() {
  const result = spawnSync(
    "ip",
    ["netns", "exec", ns.name, "ansible-playbook", "-i", path.join(dir, "inventory.ini"), path.join(ANSIBLE, "tunnel-servers.yml"), "-e", `@${path.join(dir, "vars.json")}`, "--skip-tags", "packages,render"],
    {
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, ANSIBLE_CONFIG: path.join(ANSIBLE, "ansible.cfg"), ANSIBLE_NOCOLOR: "1", ANSIBLE_LOCAL_TEMP: path.join(dir, "ansible-tmp"), ANSIBLE_REMOTE_TEMP: path.join(dir, "ansible-tmp") },
    },
  );
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixp-ansible-probe-"));
  ns = createNamespace("anprb");
  await addLan(database.db);
  // No EoIP here: the eoip_daemon role must skip itself at such a POP.
  await addPop(database.db, { code: "TP", endpointIpv4: "10.79.255.1", types: { vxlan: { udpPort: 4789 } } });
  await addPop(database.db, { code: "TQ", endpointIpv4: "10.79.255.2", types: { vxlan: { udpPort: 4789 } } });
  await writeRenderedFiles(path.join(dir, "render", "TP"), await renderTunnels(database.db, "TP", path.join(dir, "secrets")));
  const build = spawnSync("npm", ["run", "--silent", "build:agent"], { cwd: ROOT, encoding: "utf8" });
  expect(build.status, build.stderr).toBe(0);
  const target = path.join(dir, "target");
  writeFileSync(path.join(dir, "inventory.ini"), "[tunnel_servers]\ntunnel-tp ansible_connection=local ixp_location=TP\n");
  writeFileSync(
    path.join(dir, "vars.json"),
    JSON.stringify({
      ansible_python_interpreter: spawnSync("which", ["python3"], { encoding: "utf8" }).stdout.trim(),
      ixp_tunnel_render_dir: path.join(dir, "render", "TP"),
      ixp_agent_bundle: path.join(ROOT, "dist", "ixp-agent.mjs"),
      ixp_node: process.execPath,
      ixp_agent_dir: `${target}/lib`,
      ixp_tunnel_config_dir: `${target}/etc`,
      ixp_agent_timer: false,
      ixp_portal_url: "https://portal.example.net",
      ixp_mesh_probe_token: TOKEN,
      ixp_mesh_probe_manage_service: false,
      openvpn_server_dir: `${target}/openvpn`,
      openvpn_manage_service: false,
      eoip_config_dir: `${target}/eoip`,
      eoip_manage_services: false,
    }),
  );
}, 120_000);

afterAll(async () => {
  ns?.remove();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe("Ansible: the mesh probe", () => {
  it("writes the portal token root-only, never prints it, and a second run changes nothing", () => {
    const first = playbook();
    expect(first.status, first.out).toBe(0);
    const envFile = path.join(dir, "target", "etc", "mesh-probe.env");
    expect(readFileSync(envFile, "utf8")).toBe(`IXP_PORTAL_TOKEN=${TOKEN}\n`);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(first.out).not.toContain(TOKEN);
    const second = playbook();
    expect(second.status, second.out).toBe(0);
    expect(Number(/changed=(\d+)/.exec(second.out.slice(second.out.lastIndexOf("PLAY RECAP")))?.[1]), second.out).toBe(0);
  });
});
