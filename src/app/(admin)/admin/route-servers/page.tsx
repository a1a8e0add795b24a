import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listRouteServers } from "@/server/routeserver/manage";

export const metadata: Metadata = { title: "Route servers" };

export default async function RouteServersPage() {
  await requireRole("volunteer", "/admin/route-servers");
  const servers = await listRouteServers(getDb());
  return (
    <section className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold text-brand-900">Route servers</h1>
        <Link href="/admin/route-servers/new" className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Add a route server
        </Link>
      </div>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th className="py-1 pr-3">Name</th>
            <th className="py-1 pr-3">POP / LAN</th>
            <th className="py-1 pr-3">ASN</th>
            <th className="py-1 pr-3">Addresses</th>
            <th className="py-1 pr-3">BIRD reached via</th>
            <th className="py-1">Config</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((rs) => (
            <tr key={rs.id} className="border-b border-slate-100 align-top">
              <td className="py-2 pr-3">
                <Link href={`/admin/route-servers/${rs.id}`} className="text-brand-700 underline">
                  {rs.name}
                </Link>
                {!rs.active && <span className="ml-1 text-xs text-slate-500">(inactive)</span>}
              </td>
              <td className="py-2 pr-3">
                {rs.locationCode} / {rs.lanName}
              </td>
              <td className="py-2 pr-3">AS{rs.asn}</td>
              <td className="py-2 pr-3 font-mono text-xs">
                {[rs.ipv4Address, rs.ipv6Address].filter(Boolean).join(" ")}
                <div className="text-slate-500">router id {rs.routerId}</div>
              </td>
              <td className="py-2 pr-3 font-mono text-xs">{rs.sshHost ? `ssh ${rs.sshUser ? `${rs.sshUser}@` : ""}${rs.sshHost}: ${rs.controlSocket}` : rs.controlSocket}</td>
              <td className="py-2 text-xs">
                {rs.configChangedAt && (!rs.lastDeployedAt || rs.lastDeployedAt < rs.configChangedAt) ? "changes waiting for rollout" : "deployed"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
