import { execFileSync, spawnSync } from "node:child_process";
import type { Namespace } from "./netns";
import { testRunId } from "./run-id";

let counter = 0;

/** A veth pair between two namespaces with a /30 (or any prefix) on each end. Addresses stay inside the namespaces. */
export function linkNamespaces(a: Namespace, aAddress: string, b: Namespace, bAddress: string): void {
  const id = `${testRunId().slice(0, 4)}${++counter}`;
  const aName = `va${id}`;
  const bName = `vb${id}`;
  execFileSync("ip", ["link", "add", aName, "netns", a.name, "type", "veth", "peer", "name", bName, "netns", b.name]);
  a.exec("ip", ["address", "add", aAddress, "dev", aName]);
  b.exec("ip", ["address", "add", bAddress, "dev", bName]);
  a.exec("ip", ["link", "set", aName, "up"]);
  b.exec("ip", ["link", "set", bName, "up"]);
}

/**
 * True when at least one echo reply came back. With `withinSeconds`, keeps trying until then, so a
 * busy machine (softirq backlog shared by every namespace) does not fail a reachability check.
 */
export function pings(ns: Namespace, target: string, count = 3, withinSeconds = 0): boolean {
  const until = Date.now() + withinSeconds * 1000;
  do {
    if (pingOnce(ns, target, count)) return true;
  } while (Date.now() < until);
  return false;
}

function pingOnce(ns: Namespace, target: string, count: number): boolean {
  // fping exits 0 once the target answered; -c with -p keeps it short.
  return spawnSync("ip", ["netns", "exec", ns.name, "fping", "-q", "-c", String(count), "-p", "200", "-t", "1000", target]).status === 0;
}
