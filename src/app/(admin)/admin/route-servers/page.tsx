import type { Metadata } from "next";
import Link from "next/link";
import { Cell, DataTable, Row } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listRouteServers } from "@/server/routeserver/manage";

export const metadata: Metadata = { title: "Route servers" };

export default async function RouteServersPage() {
  await requireRole("volunteer", "/admin/route-servers");
  const servers = await listRouteServers(getDb());
  return (
    <section className="space-y-4">
      <PageHeader title="Route servers" action={{ href: "/admin/route-servers/new", label: "Add a route server" }} />
      <DataTable headers={["Name", "POP / LAN", "ASN", "Addresses", "BIRD reached via", "Config"]}>
        {servers.map((rs) => (
          <Row key={rs.id}>
            <Cell>
              <Link href={`/admin/route-servers/${rs.id}`} className="text-brand-700 underline">
                {rs.name}
              </Link>
              {!rs.active && <span className="ml-1 text-xs text-slate-500">(inactive)</span>}
            </Cell>
            <Cell>
              {rs.locationCode} / {rs.lanName}
            </Cell>
            <Cell>AS{rs.asn}</Cell>
            <Cell mono small>
              {[rs.ipv4Address, rs.ipv6Address].filter(Boolean).join(" ")}
              <div className="text-slate-500">router id {rs.routerId}</div>
            </Cell>
            <Cell mono small>
              {rs.sshHost ? `ssh ${rs.sshUser ? `${rs.sshUser}@` : ""}${rs.sshHost}: ${rs.controlSocket}` : rs.controlSocket}
            </Cell>
            <Cell small>{rs.configChangedAt && (!rs.lastDeployedAt || rs.lastDeployedAt < rs.configChangedAt) ? "changes waiting for rollout" : "deployed"}</Cell>
          </Row>
        ))}
      </DataTable>
    </section>
  );
}
