"use client";

import cytoscape from "cytoscape";
import dagre from "cytoscape-dagre";
import { useEffect, useRef, useState } from "react";
import type { AsPathGraph } from "@/server/lookingglass/as-path-graph";

cytoscape.use(dagre);

const COLORS = { routeServer: "#1e40af", neighbor: "#0f766e", transit: "#64748b", origin: "#b45309" } as const;

/**
 * The AS-path graph, laid out left to right by dagre and drawn by cytoscape. The server computed the nodes
 * and edges; the list under the drawing says the same in text (and without JavaScript).
 */
export function AsPathGraphView({ graph, title }: { graph: AsPathGraph; title: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<{ nodes: number; edges: number } | null>(null);
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({
      container: container.current,
      elements: [
        ...graph.nodes.map((node) => ({ data: { id: node.id, label: node.label, color: COLORS[node.kind] } })),
        ...graph.edges.map((edge) => ({ data: { id: edge.id, source: edge.source, target: edge.target, label: edge.routes === 1 ? "1 route" : `${edge.routes} routes` } })),
      ],
      style: [
        { selector: "node", style: { label: "data(label)", "background-color": "data(color)", color: "#0f172a", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22 } },
        { selector: "edge", style: { width: 2, "line-color": "#94a3b8", "target-arrow-color": "#94a3b8", "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 9, color: "#475569" } },
      ],
      layout: { name: "dagre", rankDir: "LR", nodeSep: 40, rankSep: 170 } as cytoscape.LayoutOptions,
      // A few nodes would otherwise be blown up to fill the box.
      maxZoom: 1.3,
      userZoomingEnabled: false,
      autoungrabify: true,
    });
    cy.ready(() => setDrawn({ nodes: cy.nodes().length, edges: cy.edges().length }));
    return () => cy.destroy();
  }, [graph]);
  const labels = new Map(graph.nodes.map((node) => [node.id, node.label]));
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm text-slate-600">
        {title}. Blue: the route server; green: the member it peers with; grey: networks in between; orange: where the routes originate.
      </figcaption>
      <div
        ref={container}
        className="h-80 w-full rounded border border-slate-200 bg-white"
        data-testid="as-path-graph"
        data-drawn-nodes={drawn?.nodes}
        data-drawn-edges={drawn?.edges}
        role="img"
        aria-label={`${title}: ${graph.nodes.length} networks, ${graph.edges.length} links`}
      />
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">The graph as a list ({graph.edges.length} links)</summary>
        <ul className="list-disc pl-5 font-mono text-xs" data-testid="as-path-edges">
          {graph.edges.map((edge) => (
            <li key={edge.id}>
              {labels.get(edge.source)} → {labels.get(edge.target)} ({edge.routes})
            </li>
          ))}
        </ul>
      </details>
    </figure>
  );
}
