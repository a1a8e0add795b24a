import { Cell, DataTable, Row } from "@/components/data-table";
import type { LgRouteView, LgState } from "@/server/lookingglass/service";

/** What a looking-glass page shows when the route server does not answer. */
export function NotReachable({ state }: { state: Extract<LgState<unknown>, { reachable: false }> }) {
  return (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="lg-not-reachable">
      {sentence(state.message)}
    </p>
  );
}

/** "route server rs1 not reachable: ..." as the start of a sentence. */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const communityText = (parts: readonly (number | string)[]) => `(${parts.join(", ")})`;

/** A table of routes with their best-path attributes; filtered routes carry their reason. */
export function RoutesTable({ routes, testId }: { routes: LgRouteView[]; testId: string }) {
  if (routes.length === 0) return <p className="text-sm text-slate-600">No routes.</p>;
  return (
    <DataTable headers={["Prefix", "Session", "AS path", "Next hop", "Communities", "Large communities", "Status"]}>
      {routes.map((route, index) => (
        <Row key={`${route.prefix}-${route.fromProtocol}-${index}`} testId={testId}>
          <Cell mono>{route.prefix}</Cell>
          <Cell mono small>
            {route.fromProtocol}
          </Cell>
          <Cell mono small>
            {route.asPath.join(" ") || "(empty)"}
          </Cell>
          <Cell mono small>
            {route.nextHop ?? route.gateway ?? ""}
          </Cell>
          <Cell mono small>
            {route.communities.map(communityText).join(" ")}
          </Cell>
          <Cell mono small>
            {route.largeCommunities.map(communityText).join(" ")}
          </Cell>
          <Cell small>
            {route.filtered ? (
              <span className="text-red-700">filtered: {route.rejectReasonText}</span>
            ) : (
              <span className="text-emerald-700">{route.primary ? "accepted, best" : "accepted"}</span>
            )}
          </Cell>
        </Row>
      ))}
    </DataTable>
  );
}
