import { execFileSync } from "node:child_process";
import ipaddr from "ipaddr.js";
import { DomainError } from "@/server/errors";

export const NETNS_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

function ip(args: string[], input?: string): string {
  try {
    return execFileSync("ip", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
    throw new DomainError(`ip ${args.slice(0, 4).join(" ")} failed: ${stderr || (error as Error).message}`);
  }
}

function checkName(name: string): void {
  if (!NETNS_NAME.test(name)) throw new DomainError(`"${name}" is not a usable namespace name (letters, digits, _ . -, at most 15)`);
}

export function namespaceExists(name: string): boolean {
  return ip(["netns", "list"])
    .split("\n")
    .some((line) => line.split(" ")[0] === name);
}

/** Addresses on lo inside the namespace, without loopback's own. */
function addressesOnLo(name: string): Set<string> {
  const out = ip(["-n", name, "-o", "addr", "show", "dev", "lo"]);
  const addresses = new Set<string>();
  for (const match of out.matchAll(/ inet6? (\S+)\/\d+ /g)) {
    const address = ipaddr.parse(match[1]!).toString();
    if (address !== "127.0.0.1" && address !== "::1") addresses.add(address);
  }
  return addresses;
}

/**
 * Creates (or brings up to date) a namespace whose lo answers for exactly these addresses,
 * so a demo ping monitor has real targets and sends nothing off this machine. Idempotent.
 */
export function syncDemoNamespace(name: string, addresses: string[]): { added: number; removed: number } {
  checkName(name);
  if (!namespaceExists(name)) ip(["netns", "add", name]);
  ip(["-n", name, "link", "set", "lo", "up"]);
  const wanted = new Map(addresses.map((address) => [ipaddr.parse(address).toString(), ipaddr.parse(address).kind()] as const));
  const present = addressesOnLo(name);
  const commands: string[] = [];
  for (const [address, kind] of wanted) {
    if (!present.has(address)) commands.push(kind === "ipv4" ? `address add ${address}/32 dev lo` : `address add ${address}/128 dev lo nodad`);
  }
  const stale = [...present].filter((address) => !wanted.has(address));
  for (const address of stale) commands.push(`address del ${address}/${address.includes(":") ? 128 : 32} dev lo`);
  if (commands.length > 0) ip(["-n", name, "-batch", "-"], `${commands.join("\n")}\n`);
  return { added: commands.length - stale.length, removed: stale.length };
}

export function removeDemoNamespace(name: string): boolean {
  checkName(name);
  if (!namespaceExists(name)) return false;
  ip(["netns", "delete", name]);
  return true;
}
