import { quotedString } from "../text";
import type { ConfigSnippet, MemberAddress, MemberConfigInput, MemberRouteServer } from "./model";

/** Pure: the member's BGP sessions with the IX route servers, for BIRD 2 and FRR. */

interface Session {
  local: MemberAddress;
  routeServer: MemberRouteServer;
  neighbor: string;
}

function sessions(input: MemberConfigInput): Session[] {
  return input.addresses.flatMap((local) =>
    input.routeServers.flatMap((routeServer) => {
      const neighbor = local.family === 4 ? routeServer.ipv4Address : routeServer.ipv6Address;
      return neighbor ? [{ local, routeServer, neighbor }] : [];
    }),
  );
}

const identifier = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "ix";

export function birdSnippet(input: MemberConfigInput): ConfigSnippet {
  const ix = identifier(input.ixShortName);
  const blocks = sessions(input).map(({ local, routeServer, neighbor }) => {
    const channel = local.family === 4 ? "ipv4" : "ipv6";
    return [
      `protocol bgp ${ix}_${identifier(routeServer.name)}_as${local.asn}_v${local.family} {`,
      `  description ${quotedString(`${input.ixShortName} route server ${routeServer.name}`)};`,
      `  local ${local.address} as ${local.asn};`,
      `  neighbor ${neighbor} as ${routeServer.asn};`,
      // Route servers do not put their own ASN into the path.
      "  enforce first as off;",
      `  ${channel} {`,
      "    import all;",
      "    export none; # replace with a filter that announces only your own prefixes",
      "  };",
      "}",
    ].join("\n");
  });
  return { id: "bird", title: "BGP: BIRD 2", language: "bird", text: `${blocks.join("\n\n")}\n` };
}

/** One snippet per ASN: an FRR router runs one default `router bgp`. */
export function frrSnippets(input: MemberConfigInput): ConfigSnippet[] {
  const byAsn = new Map<number, Session[]>();
  for (const session of sessions(input)) byAsn.set(session.local.asn, [...(byAsn.get(session.local.asn) ?? []), session]);
  const maps = ["route-map IXP-RS-IN permit 10", "exit", "! replace with a route-map that announces only your own prefixes", "route-map IXP-RS-OUT deny 10", "exit"];
  return [...byAsn].map(([asn, list]) => {
    const lines = [`router bgp ${asn}`, " no bgp default ipv4-unicast"];
    for (const { neighbor, routeServer } of list) {
      lines.push(` neighbor ${neighbor} remote-as ${routeServer.asn}`, ` neighbor ${neighbor} description ${quotedString(`${input.ixShortName} ${routeServer.name}`).slice(1, -1)}`, ` no neighbor ${neighbor} enforce-first-as`);
    }
    for (const family of [4, 6] as const) {
      const members = list.filter((s) => s.local.family === family);
      if (members.length === 0) continue;
      lines.push(` address-family ipv${family} unicast`);
      for (const { neighbor } of members) lines.push(`  neighbor ${neighbor} activate`, `  neighbor ${neighbor} route-map IXP-RS-IN in`, `  neighbor ${neighbor} route-map IXP-RS-OUT out`);
      lines.push(" exit-address-family");
    }
    lines.push("exit", ...maps);
    return { id: byAsn.size > 1 ? `frr-as${asn}` : "frr", title: byAsn.size > 1 ? `BGP: FRR (AS${asn})` : "BGP: FRR", language: "frr" as const, text: `${lines.join("\n")}\n` };
  });
}
