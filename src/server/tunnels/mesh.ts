import type { MeshLink, VxlanInterface } from "./desired-state";
import type { PopRow, TunnelSettings } from "./model";
import { tunnelInterfaceNames } from "./names";
import { TunnelConfigError } from "./params";

/**
 * The POP mesh: every full POP floods to every other full POP over one VXLAN device (a frame that
 * arrives on it is never bridged back onto it, so the full mesh cannot loop); a satellite has one
 * point-to-point link to its hub, using the satellite's own mesh VNI.
 */

function underlay(pop: PopRow, family: 4 | 6): string | null {
  return family === 4 ? pop.endpointIpv4 : pop.endpointIpv6;
}

function meshFamily(self: PopRow, peer: PopRow): 4 | 6 {
  if (self.endpointIpv4 && peer.endpointIpv4) return 4;
  if (self.endpointIpv6 && peer.endpointIpv6) return 6;
  throw new TunnelConfigError(`POPs ${self.code} and ${peer.code} share no address family for the mesh`);
}

function satelliteVni(satellite: PopRow): number {
  if (!satellite.meshVni) throw new TunnelConfigError(`satellite POP ${satellite.code} has no mesh VNI`);
  return satellite.meshVni;
}

export function meshFor(self: PopRow, pops: readonly PopRow[], settings: TunnelSettings): { interfaces: VxlanInterface[]; links: MeshLink[] } {
  const others = pops.filter((pop) => pop.active && pop.id !== self.id);
  const interfaces: VxlanInterface[] = [];
  const links: MeshLink[] = [];
  const pointToPoint = (peer: PopRow, name: string, vni: number, relation: MeshLink["relation"]) => {
    const family = meshFamily(self, peer);
    const remote = underlay(peer, family)!;
    const local = underlay(self, family)!;
    interfaces.push({ kind: "vxlan", name, vni, port: settings.meshPort, remote, local, flood: [], learning: true, role: relation === "uplink" ? "uplink" : "satellite", comment: `mesh ${relation} ${peer.code}` });
    links.push({ peer: peer.code, relation, interface: name, vni, remote });
  };

  if (self.mode === "full") {
    const fullPeers = others.filter((pop) => pop.mode === "full").sort((a, b) => a.code.localeCompare(b.code));
    if (fullPeers.length > 0) {
      const family = meshFamily(self, fullPeers[0]!);
      const flood = fullPeers.map((peer) => {
        const remote = underlay(peer, family);
        if (!remote) throw new TunnelConfigError(`POP ${peer.code} has no IPv${family} endpoint for the mesh`);
        links.push({ peer: peer.code, relation: "full-mesh", interface: tunnelInterfaceNames.mesh, vni: settings.meshVni, remote });
        return remote;
      });
      interfaces.push({ kind: "vxlan", name: tunnelInterfaceNames.mesh, vni: settings.meshVni, port: settings.meshPort, local: underlay(self, family)!, flood, learning: true, role: "mesh", comment: "POP full mesh" });
    }
    for (const satellite of others.filter((pop) => pop.mode === "satellite" && pop.uplinkLocationId === self.id)) {
      pointToPoint(satellite, tunnelInterfaceNames.satellite(satellite.id), satelliteVni(satellite), "satellite");
    }
  } else {
    const hub = others.find((pop) => pop.id === self.uplinkLocationId);
    if (!hub) throw new TunnelConfigError(`satellite POP ${self.code} has no active uplink POP`);
    if (hub.mode !== "full") throw new TunnelConfigError(`satellite POP ${self.code} must hang off a full POP, not ${hub.code}`);
    pointToPoint(hub, tunnelInterfaceNames.uplink(hub.id), satelliteVni(self), "uplink");
  }
  return { interfaces, links };
}
