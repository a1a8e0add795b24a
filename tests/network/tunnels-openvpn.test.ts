import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openvpnProfileDownload, memberConfigurations } from "@/server/tunnels/member/load";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createNamespace, type Namespace } from "../helpers/netns";
import { addLan, addMember, addPop, decommissionConnection } from "../helpers/tunnel-fixtures";
import { linkNamespaces, pings } from "../helpers/underlay";

/** An OpenVPN tap member: generated server config + ccd on the POP, generated profile on the member, real openvpn in both namespaces. */

const BIN = fileURLToPath(new URL("../../bin/ixp.mjs", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "ixp-ovpn-"));
const rendered = path.join(dir, "TO");
const secrets = path.join(dir, "secrets");
// The server config points at where Ansible would put the files; here that is the render directory.
process.env.OPENVPN_SERVER_DIR = path.join(rendered, "openvpn");

let database: TestDatabase;
let pop: Namespace, member: Namespace;
const children: ChildProcess[] = [];
let connectionId: number;
let clientId: number;

function startOpenvpn(ns: Namespace, config: string, log: string): ChildProcess {
  const child = spawn("ip", ["netns", "exec", ns.name, "openvpn", "--config", config, "--log", log], { stdio: "ignore" });
  children.push(child);
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function renderAndApply() {
  await writeRenderedFiles(rendered, await renderTunnels(database.db, "TO", secrets));
  const result = spawnSync("ip", ["netns", "exec", pop.name, process.execPath, BIN, "agent", "apply", "--state", path.join(rendered, "desired-state.json")], { encoding: "utf8" });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  database = await createTestDatabase();
  pop = createNamespace("ovpop");
  member = createNamespace("ovmem");
  linkNamespaces(member, "10.78.1.2/24", pop, "10.78.1.1/24");
  pop.exec("ip", ["address", "add", "10.78.255.1/32", "dev", "lo"]);
  member.exec("ip", ["route", "add", "10.78.255.0/24", "via", "10.78.1.1"]);
  const lanId = await addLan(database.db);
  const popId = await addPop(database.db, { code: "TO", endpointIpv4: "10.78.255.1", types: { openvpn: { port: 11194, protocol: "udp" } } });
  ({ connectionId, clientId } = await addMember(database.db, { name: "Oscar\nremote evil.example 1", asn: 64611, locationId: popId, lanId, type: "openvpn", tunnelId: 1, remoteEndpoint: null, addresses: [{ address: "198.18.0.50", family: 4 }] }));
});

/** The member's openvpn, started as a daemon by the pasted snippet. */
const memberOpenvpnPids = () => spawnSync("ip", ["netns", "pids", member.name], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);

afterAll(async () => {
  await Promise.all(children.map(stop));
  if (member) for (const pid of memberOpenvpnPids()) process.kill(pid, "SIGTERM");
  pop?.remove();
  member?.remove();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe("OpenVPN tap member", () => {
  it("keeps the CA key private and puts no key in the portal's snippets", async () => {
    const output = await renderAndApply();
    expect(output).toContain("+ create ixpovpn");
    expect(statSync(path.join(secrets, "openvpn")).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(secrets, "openvpn", "ca.key")).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(rendered, "openvpn", "server.key")).mode & 0o777).toBe(0o600);
    const ccd = readFileSync(path.join(rendered, "openvpn", "ccd", `conn-${connectionId}`), "utf8");
    // The member's name cannot smuggle a directive onto its own line.
    expect(ccd.split("\n").filter(Boolean).every((line) => line.startsWith("#"))).toBe(true);
    const snippets = await memberConfigurations(database.db, connectionId);
    expect(snippets.map((s) => s.text).join("\n")).not.toContain("PRIVATE KEY");
    expect(snippets.find((s) => s.id === "openvpn")?.download?.href).toBe(`/portal/connections/${connectionId}/openvpn`);
    await expect(openvpnProfileDownload(database.db, connectionId, clientId + 1, secrets)).rejects.toThrow(/no active OpenVPN connection/);
  });

  it("the member's profile connects, and the member reaches the peering LAN through the bridge", async () => {
    pop.exec("ip", ["address", "add", "198.18.0.2/22", "dev", "br-ixp"]);
    startOpenvpn(pop, path.join(rendered, "openvpn", "server.conf"), path.join(dir, "server.log"));
    const profile = await openvpnProfileDownload(database.db, connectionId, clientId, secrets);
    expect(profile.body).toContain("<key>");
    writeFileSync(path.join(dir, profile.filename), profile.body, { mode: 0o600 });
    // The member pastes the portal's snippet as it is, in the directory holding the downloaded profile.
    const snippet = (await memberConfigurations(database.db, connectionId)).find((s) => s.id === "openvpn")!;
    const pasted = spawnSync("ip", ["netns", "exec", member.name, "sh", "-e", "-c", snippet.text], { cwd: dir, encoding: "utf8" });
    expect(pasted.status, pasted.stdout + pasted.stderr).toBe(0);
    expect(pings(member, "198.18.0.2", 3, 20)).toBe(true);
    expect(member.exec("ip", ["-o", "address", "show", "dev", "ix-to"])).toContain("inet 198.18.0.50/22");
  });

  it("after the connection is removed and the server reloads, the member is locked out", async () => {
    await decommissionConnection(database.db, connectionId);
    await renderAndApply();
    expect(existsSync(path.join(rendered, "openvpn", "ccd", `conn-${connectionId}`))).toBe(false);
    await expect(openvpnProfileDownload(database.db, connectionId, clientId, secrets)).rejects.toThrow(/no active OpenVPN connection/);
    await stop(children[0]!);
    startOpenvpn(pop, path.join(rendered, "openvpn", "server.conf"), path.join(dir, "server2.log"));
    await waitFor(() => existsSync(path.join(dir, "server2.log")) && readFileSync(path.join(dir, "server2.log"), "utf8").includes("Initialization Sequence Completed"), "the OpenVPN server to restart");
    // Make the client reconnect now rather than at its ping-restart; the server must refuse it.
    for (const pid of memberOpenvpnPids()) process.kill(pid, "SIGUSR1");
    await waitFor(() => readFileSync(path.join(dir, "server2.log"), "utf8").includes("client-config-dir authentication failed"), "the server to refuse the removed member");
    expect(pings(member, "198.18.0.2", 2)).toBe(false);
  });
});
