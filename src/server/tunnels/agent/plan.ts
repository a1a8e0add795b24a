import { MANAGED_PREFIX, PORT_MARKER, type DesiredInterface, type DesiredState, type VxlanInterface } from "../desired-state";
import { canonicalIp, type LiveInterface, type LiveState } from "./live";

/**
 * Pure: the changes that turn the live state into the desired one. Changes are grouped per
 * interface; a failing command stops only its own group. Interfaces the agent does not manage
 * (no MANAGED_PREFIX, and not a port it marked) are never in a plan.
 */

export type Command = readonly [string, ...string[]];

export interface Change {
  action: "create" | "recreate" | "update" | "delete" | "detach";
  interface: string;
  reason: string;
  commands: Command[];
  /** Set when the agent must not fix this itself; the change is reported as failed. */
  blocked?: string;
}

const ZERO_MAC = "00:00:00:00:00:00";

function isManaged(live: LiveInterface): boolean {
  if (live.name.startsWith(MANAGED_PREFIX) && (live.kind === "vxlan" || live.kind === "tun")) return true;
  return live.alias === PORT_MARKER;
}

function vxlanCreate(item: VxlanInterface, bridge: string): Command[] {
  const args = ["ip", "link", "add", item.name, "master", bridge, "up", "type", "vxlan", "id", String(item.vni), "dstport", String(item.port)] as const;
  const extra = [...(item.remote ? ["remote", item.remote] : []), ...(item.local ? ["local", item.local] : []), ...(item.learning ? [] : ["nolearning"])];
  return [[...args, ...extra], ...item.flood.map((dst): Command => ["bridge", "fdb", "append", ZERO_MAC, "dev", item.name, "dst", dst])];
}

function vxlanDifference(item: VxlanInterface, live: LiveInterface): string | null {
  const v = live.vxlan;
  if (!v) return `is a ${live.kind || "plain"} device, not vxlan`;
  const want = { vni: item.vni, port: item.port, remote: item.remote ? canonicalIp(item.remote) : null, local: item.local ? canonicalIp(item.local) : null, learning: item.learning };
  const differences = (Object.keys(want) as (keyof typeof want)[]).filter((key) => want[key] !== v[key]).map((key) => `${key} ${String(v[key])} -> ${String(want[key])}`);
  return differences.length ? differences.join(", ") : null;
}

function attach(name: string, bridge: string): Command {
  return ["ip", "link", "set", "dev", name, "master", bridge, "up"];
}

function planInterface(item: DesiredInterface, live: LiveInterface | undefined, state: LiveState, bridge: string): Change | null {
  const name = item.name;
  switch (item.kind) {
    case "vxlan": {
      if (!live) return { action: "create", interface: name, reason: `vxlan vni ${item.vni} ${item.remote ? `remote ${item.remote}` : `flood ${item.flood.join(" ")}`}`, commands: vxlanCreate(item, bridge) };
      const difference = vxlanDifference(item, live);
      if (difference) return { action: "recreate", interface: name, reason: difference, commands: [["ip", "link", "del", name], ...vxlanCreate(item, bridge)] };
      const commands: Command[] = [];
      const reasons: string[] = [];
      if (live.master !== bridge || !live.up) {
        commands.push(attach(name, bridge));
        reasons.push(`not up in ${bridge}`);
      }
      const have = new Set(item.remote ? [] : (state.flood.get(name) ?? []));
      const want = new Set(item.flood.map(canonicalIp));
      for (const dst of want) if (!have.has(dst)) commands.push(["bridge", "fdb", "append", ZERO_MAC, "dev", name, "dst", dst]);
      for (const dst of have) if (!want.has(dst)) commands.push(["bridge", "fdb", "del", ZERO_MAC, "dev", name, "dst", dst]);
      if (commands.length > reasons.length) reasons.push("mesh peers changed");
      return commands.length ? { action: "update", interface: name, reason: reasons.join(", "), commands } : null;
    }
    case "tap": {
      const create: Command[] = [["ip", "tuntap", "add", "dev", name, "mode", "tap"], attach(name, bridge)];
      if (!live) return { action: "create", interface: name, reason: `tap for ${item.role}`, commands: create };
      if (!live.tap) return { action: "recreate", interface: name, reason: `is a ${live.kind || "plain"} device, not a tap`, commands: [["ip", "link", "del", name], ...create] };
      return live.master !== bridge || !live.up ? { action: "update", interface: name, reason: `not up in ${bridge}`, commands: [attach(name, bridge)] } : null;
    }
    case "port": {
      // A missing port is reported by its failing command, never created.
      const commands: Command[] = [];
      if (!live || live.master !== bridge || !live.up) commands.push(attach(name, bridge));
      if (!live || live.alias !== PORT_MARKER) commands.push(["ip", "link", "set", "dev", name, "alias", PORT_MARKER]);
      return commands.length ? { action: "update", interface: name, reason: `${item.role} port into ${bridge}`, commands } : null;
    }
  }
}

/**
 * LAN hygiene: lock each filtered port to its registered MACs (static FDB entries first, then "locked" and no
 * learning); unlock managed ports that are no longer filtered. Only ports of the desired state are touched.
 */
function planMacFilter(desired: DesiredState, state: LiveState): Change[] {
  const changes: Change[] = [];
  const filters = new Map(desired.macFilter.map((f) => [f.port, f]));
  for (const item of desired.interfaces) {
    const live = state.interfaces.get(item.name);
    const have = state.staticMacs.get(item.name) ?? [];
    const filter = filters.get(item.name);
    if (!filter) {
      // Static entries on a port the agent did not lock are someone else's: left alone.
      if (!live?.bridgePort?.locked) continue;
      changes.push({
        action: "update",
        interface: item.name,
        reason: "MAC filter off",
        commands: [["bridge", "link", "set", "dev", item.name, "locked", "off", "learning", "on"], ...have.map((mac): Command => ["bridge", "fdb", "del", mac, "dev", item.name, "master"])],
      });
      continue;
    }
    const commands: Command[] = [
      ...filter.macs.filter((mac) => !have.includes(mac)).map((mac): Command => ["bridge", "fdb", "replace", mac, "dev", item.name, "master", "static"]),
      ...have.filter((mac) => !filter.macs.includes(mac)).map((mac): Command => ["bridge", "fdb", "del", mac, "dev", item.name, "master"]),
    ];
    if (!live?.bridgePort?.locked || live.bridgePort.learning) {
      // A MAC learned before the lock would still pass it: forget them.
      commands.push(["bridge", "link", "set", "dev", item.name, "locked", "on", "learning", "off"], ["bridge", "fdb", "flush", "dev", desired.bridge.name, "brport", item.name, "dynamic"]);
    }
    if (commands.length) changes.push({ action: "update", interface: item.name, reason: `MAC filter: only ${filter.macs.join(", ")}`, commands });
  }
  return changes;
}

export function planChanges(desired: DesiredState, state: LiveState): Change[] {
  const bridge = desired.bridge.name;
  const changes: Change[] = [];
  const liveBridge = state.interfaces.get(bridge);
  if (!liveBridge) {
    changes.push({ action: "create", interface: bridge, reason: "IX bridge", commands: [["ip", "link", "add", bridge, "mtu", String(desired.bridge.mtu), "up", "type", "bridge"]] });
  } else if (liveBridge.kind !== "bridge") {
    changes.push({ action: "update", interface: bridge, reason: "IX bridge", commands: [], blocked: `${bridge} is a ${liveBridge.kind || "plain"} device, not a bridge: fix it by hand` });
  } else if (!liveBridge.up) {
    changes.push({ action: "update", interface: bridge, reason: "bridge is down", commands: [["ip", "link", "set", "dev", bridge, "up"]] });
  }

  const wanted = new Map(desired.interfaces.map((item) => [item.name, item]));
  for (const live of state.interfaces.values()) {
    if (wanted.has(live.name) || !isManaged(live)) continue;
    if (live.alias === PORT_MARKER) {
      changes.push({ action: "detach", interface: live.name, reason: "port no longer wanted", commands: [["ip", "link", "set", "dev", live.name, "nomaster"], ["ip", "link", "set", "dev", live.name, "alias", ""]] });
    } else {
      changes.push({ action: "delete", interface: live.name, reason: "no longer wanted", commands: [["ip", "link", "del", live.name]] });
    }
  }
  for (const item of desired.interfaces) {
    const change = planInterface(item, state.interfaces.get(item.name), state, bridge);
    if (change) changes.push(change);
  }
  changes.push(...planMacFilter(desired, state));
  return changes;
}
