import { Cell, DataTable, Row } from "@/components/data-table";
import { sentence } from "@/components/lookingglass/lg-parts";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { memberFilteredRoutes } from "@/server/lookingglass/service";

/**
 * A member's routes the route servers rejected, with the reason in words ("not in your IRR set AS-EXAMPLE").
 * Server component: the portal and the diagnostics page include it as is.
 */
export async function MemberFilteredRoutes({ clientId }: { clientId: number }) {
  const { routes, unreachable } = await memberFilteredRoutes(getDb(), env(), clientId);
  return (
    <div className="space-y-2" data-testid="member-filtered-routes">
      {unreachable.map((u) => (
        <p key={u.routeServer} role="alert" className="text-sm text-amber-800">
          {sentence(u.message)}
        </p>
      ))}
      {routes.length === 0 && unreachable.length === 0 ? (
        <p className="text-sm text-slate-600">The route servers accept every route you announce.</p>
      ) : (
        routes.length > 0 && (
          <DataTable headers={["Prefix", "Route server", "AS path", "Why it was filtered"]}>
            {routes.map((route) => (
              <Row key={`${route.routeServer}-${route.protocol}-${route.prefix}`} testId="member-filtered-route">
                <Cell mono>{route.prefix}</Cell>
                <Cell>{route.routeServer}</Cell>
                <Cell mono small>
                  {route.asPath.join(" ")}
                </Cell>
                <Cell>
                  {route.prefix} filtered: {route.reasonText}
                </Cell>
              </Row>
            ))}
          </DataTable>
        )
      )}
    </div>
  );
}
