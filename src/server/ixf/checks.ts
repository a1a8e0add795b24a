import ipaddr from "ipaddr.js";
import type { IxfAddress, IxfDocument, IxfIxp, IxfPrefix, IxfVlan } from "./document";

/**
 * Semantic checks the JSON schema cannot express, and on which PeeringDB's importer silently drops
 * data: ids referenced but not declared, addresses outside their vlan's prefix, duplicates,
 * prefixes with host bits, and the lowercase forms IX-F asks for.
 */

export interface IxfProblem {
  /** Where in the document, naming the member's ASN and address so the row can be found. */
  where: string;
  message: string;
}

export class IxfCheckError extends Error {
  constructor(public readonly problems: IxfProblem[]) {
    const shown = problems.slice(0, 20).map((p) => `${p.where}: ${p.message}`);
    const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
    super(`the IX-F export fails ${problems.length} semantic check(s): ${shown.join("; ")}${more}`);
  }
}

type Family = "ipv4" | "ipv6";
const FAMILIES: readonly Family[] = ["ipv4", "ipv6"];
type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
/** null: declared but unusable (already reported), so its addresses are not reported again. */
type VlanRanges = Partial<Record<Family, Range | null>>;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function parseAddress(family: Family, text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (family === "ipv4") return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
  return ipaddr.IPv6.isValid(text) && !text.includes("%") ? ipaddr.IPv6.parse(text) : null;
}

function prefixText(prefix: IxfPrefix): string {
  return `${prefix.prefix}/${prefix.mask_length}`;
}

/** The parsed network of a declared prefix, or the problem with it. */
function parsePrefix(family: Family, prefix: IxfPrefix): { range: Range } | { problem: string } {
  const address = parseAddress(family, prefix.prefix);
  const maxLength = family === "ipv4" ? 32 : 128;
  if (!address) return { problem: `prefix ${prefix.prefix} is not an ${family === "ipv4" ? "IPv4" : "IPv6"} address` };
  if (!Number.isInteger(prefix.mask_length) || prefix.mask_length < 0 || prefix.mask_length > maxLength) {
    return { problem: `mask length ${String(prefix.mask_length)} is not between 0 and ${maxLength}` };
  }
  const network = ipaddr.parseCIDR(prefixText(prefix));
  const networkAddress = family === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(prefixText(prefix))
    : ipaddr.IPv6.networkAddressFromCIDR(prefixText(prefix));
  if (networkAddress.toString() !== address.toString()) {
    return { problem: `prefix ${prefixText(prefix)} has host bits set (the network is ${networkAddress.toString()}/${prefix.mask_length})` };
  }
  if (family === "ipv6" && prefix.prefix !== prefix.prefix.toLowerCase()) return { problem: `prefix ${prefix.prefix} is not lowercase` };
  return { range: network };
}

interface DeclaredIxp {
  switches: Set<number>;
  vlans: Map<number, VlanRanges>;
  policies: Set<string> | null;
}

function checkIxp(ixp: IxfIxp, where: string, problems: IxfProblem[]): DeclaredIxp {
  const switches = new Set<number>();
  for (const [index, entry] of (ixp.switch ?? []).entries()) {
    if (switches.has(entry.id)) problems.push({ where: `${where} switch[${index}]`, message: `switch id ${entry.id} is declared twice` });
    switches.add(entry.id);
  }
  const vlans = new Map<number, VlanRanges>();
  const prefixOwners = new Map<string, number>();
  for (const [index, vlan] of (ixp.vlan ?? []).entries()) {
    const vlanWhere = `${where} vlan[${index}] (id ${vlan.id})`;
    if (vlans.has(vlan.id)) problems.push({ where: vlanWhere, message: `vlan id ${vlan.id} is declared twice` });
    vlans.set(vlan.id, checkVlanPrefixes(vlan, vlanWhere, prefixOwners, problems));
  }
  return { switches, vlans, policies: ixp.peering_policy_list ? new Set(ixp.peering_policy_list) : null };
}

function checkVlanPrefixes(vlan: IxfVlan, where: string, owners: Map<string, number>, problems: IxfProblem[]): VlanRanges {
  const ranges: VlanRanges = {};
  for (const family of FAMILIES) {
    const prefix = vlan[family];
    if (!prefix) continue;
    const parsed = parsePrefix(family, prefix);
    if ("problem" in parsed) {
      problems.push({ where: `${where} ${family}`, message: parsed.problem });
      ranges[family] = null;
      continue;
    }
    const key = `${parsed.range[0].toString()}/${parsed.range[1]}`;
    const owner = owners.get(key);
    if (owner !== undefined && owner !== vlan.id) {
      problems.push({ where: `${where} ${family}`, message: `prefix ${key} is also declared by vlan ${owner}: one LAN needs one vlan id` });
    }
    owners.set(key, vlan.id);
    ranges[family] = parsed.range;
  }
  return ranges;
}

function checkAddress(
  family: Family,
  entry: IxfAddress,
  where: string,
  vlanId: number,
  vlan: VlanRanges | undefined,
  seen: Map<string, string>,
  problems: IxfProblem[],
): void {
  for (const mac of entry.mac_addresses ?? []) {
    if (!MAC.test(mac)) problems.push({ where, message: `MAC address ${mac} is not lowercase xx:xx:xx:xx:xx:xx` });
  }
  if (entry.address === undefined) return;
  const address = parseAddress(family, entry.address);
  if (!address) {
    problems.push({ where, message: `${entry.address} is not an ${family === "ipv4" ? "IPv4" : "IPv6"} address` });
    return;
  }
  if (family === "ipv6" && entry.address !== entry.address.toLowerCase()) {
    problems.push({ where, message: `${entry.address} is not lowercase` });
  }
  const key = address.toNormalizedString();
  const first = seen.get(key);
  if (first) problems.push({ where, message: `${entry.address} is a duplicate: ${first} has it too` });
  else seen.set(key, where);
  if (!vlan) return;
  const range = vlan[family];
  if (range === null) return;
  if (!range) {
    problems.push({ where, message: `${entry.address} is in vlan ${vlanId}, which declares no ${family} prefix` });
  } else if (!address.match(range)) {
    problems.push({ where, message: `${entry.address} is outside vlan ${vlanId}'s prefix ${range[0].toString()}/${range[1]}` });
  }
}

/** Every problem in the document; an empty list means it is sound. */
export function checkIxfDocument(document: IxfDocument): IxfProblem[] {
  const problems: IxfProblem[] = [];
  const ixps = new Map<number, DeclaredIxp>();
  for (const [index, ixp] of document.ixp_list.entries()) {
    const where = `ixp_list[${index}] (ixp_id ${ixp.ixp_id})`;
    if (ixps.has(ixp.ixp_id)) problems.push({ where, message: `ixp_id ${ixp.ixp_id} is declared twice` });
    ixps.set(ixp.ixp_id, checkIxp(ixp, where, problems));
  }

  const seenAddresses = new Map<string, string>();
  const seenAsns = new Set<number>();
  for (const [memberIndex, member] of document.member_list.entries()) {
    const memberWhere = `member_list[${memberIndex}] (AS${member.asnum})`;
    if (seenAsns.has(member.asnum)) problems.push({ where: memberWhere, message: `AS${member.asnum} is listed twice` });
    seenAsns.add(member.asnum);
    for (const [connectionIndex, connection] of member.connection_list.entries()) {
      const where = `${memberWhere} connection_list[${connectionIndex}]`;
      const ixp = ixps.get(connection.ixp_id);
      if (!ixp) {
        problems.push({ where, message: `ixp_id ${connection.ixp_id} is not declared in ixp_list` });
        continue;
      }
      if (connectionIndex === 0 && member.peering_policy !== undefined && ixp.policies && !ixp.policies.has(member.peering_policy)) {
        problems.push({ where: memberWhere, message: `peering_policy "${member.peering_policy}" is not in the peering_policy_list of ixp_id ${connection.ixp_id}` });
      }
      for (const [ifIndex, iface] of (connection.if_list ?? []).entries()) {
        if (iface.switch_id !== undefined && !ixp.switches.has(iface.switch_id)) {
          problems.push({ where: `${where} if_list[${ifIndex}]`, message: `switch_id ${iface.switch_id} is not declared in ixp_id ${connection.ixp_id}` });
        }
      }
      for (const [vlanIndex, membership] of (connection.vlan_list ?? []).entries()) {
        const vlanWhere = `${where} vlan_list[${vlanIndex}]`;
        const vlanId = membership.vlan_id;
        const vlan = vlanId === undefined ? undefined : ixp.vlans.get(vlanId);
        if (vlanId !== undefined && !vlan) {
          const addresses = FAMILIES.flatMap((family) => membership[family]?.address ?? []);
          const placed = addresses.length > 0 ? ` (so ${addresses.join(" and ")} cannot be placed)` : "";
          problems.push({ where: vlanWhere, message: `vlan_id ${vlanId} is not declared in ixp_id ${connection.ixp_id}${placed}` });
        }
        for (const family of FAMILIES) {
          const entry = membership[family];
          if (entry) checkAddress(family, entry, `${vlanWhere} ${family}`, vlanId ?? -1, vlan, seenAddresses, problems);
        }
      }
    }
  }
  return problems;
}

/** Throws IxfCheckError listing every problem; returns the document when it is sound. */
export function assertSoundIxfDocument<T extends IxfDocument>(document: T): T {
  const problems = checkIxfDocument(document);
  if (problems.length > 0) throw new IxfCheckError(problems);
  return document;
}
