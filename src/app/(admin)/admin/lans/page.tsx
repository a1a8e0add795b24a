import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listLans } from "@/server/lans/queries";

export const metadata: Metadata = { title: "Peering LANs" };

export default async function LansPage() {
  await requireRole("volunteer", "/admin/lans");
  const lans = await listLans(getDb());
  return (
    <section className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold text-brand-900">Peering LANs</h1>
        <Link href="/admin/lans/new" className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Add a LAN
        </Link>
      </div>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th className="py-1 pr-3">Name</th>
            <th className="py-1 pr-3">Prefixes</th>
            <th className="py-1 pr-3">Scheme</th>
            <th className="py-1 pr-3">IX-F vlan</th>
            <th className="py-1 pr-3">Addresses in use</th>
            <th className="py-1">Reserved ranges</th>
          </tr>
        </thead>
        <tbody>
          {lans.map((lan) => (
            <tr key={lan.id} className="border-b border-slate-100 align-top">
              <td className="py-2 pr-3">
                <Link href={`/admin/lans/${lan.id}`} className="text-brand-700 underline">
                  {lan.name}
                </Link>
                {!lan.active && <span className="ml-1 text-xs text-slate-500">(inactive)</span>}
              </td>
              <td className="py-2 pr-3 font-mono text-xs">{[lan.ipv4Prefix, lan.ipv6Prefix].filter(Boolean).join(" ")}</td>
              <td className="py-2 pr-3">{lan.allocationScheme.replace("_", " ")}</td>
              <td className="py-2 pr-3">{lan.ixfVlanId}</td>
              <td className="py-2 pr-3">{lan.usedAddresses}</td>
              <td className="py-2 font-mono text-xs">
                {lan.reservations.map((r) => (
                  <div key={r.id}>
                    {r.firstAddress} – {r.lastAddress}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
