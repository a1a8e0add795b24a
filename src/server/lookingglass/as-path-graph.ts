/**
 * The AS-path graph of what a route server holds for a prefix or a member: which ASNs reach which.
 * Pure (routes in, nodes and edges out); the browser only lays it out and draws it.
 */

export interface AsPathGraphNode {
  id: string;
  label: string;
  /** routeServer: the IX's route server; neighbor: a member it peers with; transit: in the middle; origin: originates a prefix. */
  kind: "routeServer" | "neighbor" | "transit" | "origin";
}

export interface AsPathGraphEdge {
  id: string;
  source: string;
  target: string;
  /** How many routes use this hop. */
  routes: number;
}

export interface AsPathGraph {
  nodes: AsPathGraphNode[];
  edges: AsPathGraphEdge[];
}

export interface GraphRoute {
  prefix: string;
  asPath: readonly number[];
}

const KIND_RANK = { routeServer: 3, neighbor: 2, origin: 1, transit: 0 } as const;
const asId = (asn: number) => `AS${asn}`;

/**
 * Route server -> first AS (the neighbor) -> ... -> origin AS, one edge per distinct hop (prepends collapse).
 * `names` labels ASNs with the member's name where known. A path that is empty (the RS's own routes) adds nothing.
 */
export function asPathGraph(routeServer: { name: string; asn: number }, routes: readonly GraphRoute[], names: ReadonlyMap<number, string> = new Map()): AsPathGraph {
  const nodes = new Map<string, AsPathGraphNode>();
  const edges = new Map<string, AsPathGraphEdge>();
  const rsId = `RS:${routeServer.name}`;
  const addNode = (id: string, label: string, kind: AsPathGraphNode["kind"]) => {
    const existing = nodes.get(id);
    if (!existing) nodes.set(id, { id, label, kind });
    else if (KIND_RANK[kind] > KIND_RANK[existing.kind]) existing.kind = kind;
  };
  const addEdge = (source: string, target: string) => {
    const id = `${source}->${target}`;
    const edge = edges.get(id);
    if (edge) edge.routes += 1;
    else edges.set(id, { id, source, target, routes: 1 });
  };
  addNode(rsId, `${routeServer.name} (AS${routeServer.asn})`, "routeServer");
  for (const route of routes) {
    const hops = route.asPath.filter((asn, index) => index === 0 || asn !== route.asPath[index - 1]);
    if (hops.length === 0) continue;
    let previous = rsId;
    for (const [index, asn] of hops.entries()) {
      const kind = index === 0 ? "neighbor" : index === hops.length - 1 ? "origin" : "transit";
      const name = names.get(asn);
      addNode(asId(asn), name ? `AS${asn} ${name}` : `AS${asn}`, kind);
      if (previous !== asId(asn)) addEdge(previous, asId(asn));
      previous = asId(asn);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
