import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listLocations } from "@/server/locations/queries";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";

export const metadata: Metadata = { title: "POPs" };

export default async function LocationsPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  await requireRole("volunteer", "/admin/locations");
  const [{ saved }, locations] = await Promise.all([searchParams, listLocations(getDb())]);
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  return (
    <section className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold text-brand-900">POPs</h1>
        <Link href="/admin/locations/new" className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Add a POP
        </Link>
      </div>
      {saved && (
        <p role="status" className="rounded border border-green-200 bg-green-50 p-2 text-sm text-green-900">
          Saved POP {saved}. Its tunnel-server configuration is marked for rollout.
        </p>
      )}
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th className="py-1 pr-3">Code</th>
            <th className="py-1 pr-3">Name</th>
            <th className="py-1 pr-3">Mode</th>
            <th className="py-1 pr-3">Endpoints</th>
            <th className="py-1 pr-3">Tunnel types</th>
            <th className="py-1">Active</th>
          </tr>
        </thead>
        <tbody>
          {locations.map((location) => (
            <tr key={location.id} className="border-b border-slate-100 align-top" data-testid={`location-${location.code}`}>
              <td className="py-2 pr-3 font-mono">
                <Link href={`/admin/locations/${location.id}`} className="text-brand-700 underline">
                  {location.code}
                </Link>
              </td>
              <td className="py-2 pr-3">
                {location.name}, {location.city} ({location.country})
              </td>
              <td className="py-2 pr-3">{location.mode === "satellite" ? `satellite of ${codes.get(location.uplinkLocationId ?? 0) ?? "?"}` : "full"}</td>
              <td className="py-2 pr-3 font-mono text-xs">{[location.endpointIpv4, location.endpointIpv6].filter(Boolean).join(" ") || "–"}</td>
              <td className="py-2 pr-3">
                {location.tunnelTypes
                  .map((t) => `${TUNNEL_TYPE_LABELS[t.type]}${Object.keys(t.params).length ? ` (${Object.entries(t.params).map(([k, v]) => `${k} ${String(v)}`).join(", ")})` : ""}`)
                  .join("; ")}
              </td>
              <td className="py-2">{location.active ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
