import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/server/db/client";
import { listPublicLocations, type PublicLocation } from "@/server/directory/locations";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { placeName } from "@/shared/places";
import { describeTunnelParams } from "@/shared/validation/tunnel-params";
import { PageHeader } from "@/components/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Locations" };

function TunnelType({ entry }: { entry: PublicLocation["tunnelTypes"][number] }) {
  const details = describeTunnelParams(entry.type, entry.params);
  return (
    <li>
      <span className="font-medium">{TUNNEL_TYPE_LABELS[entry.type]}</span>
      {details.length > 0 && <span className="text-slate-600"> · {details.join(", ")}</span>}
    </li>
  );
}

export default async function LocationsPage() {
  const locations = await listPublicLocations(getDb());
  return (
    <section className="space-y-6">
      <PageHeader title="Locations">
        Points of presence you can bring a layer-2 tunnel to. Point your side at the endpoint of the POP nearest to you.
      </PageHeader>
      <ul className="grid gap-4 md:grid-cols-2">
        {locations.map((pop) => (
          <li key={pop.code} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="location">
            <div className="flex items-baseline justify-between gap-2">
              <h2 className="text-lg font-semibold">
                {placeName(pop)} <span className="font-mono text-sm text-slate-500">{pop.code}</span>
              </h2>
              <span className="text-sm text-slate-600">
                {pop.memberCount} {pop.memberCount === 1 ? "member" : "members"}
              </span>
            </div>
            {pop.mode === "satellite" && pop.uplinkCode && <p className="text-sm text-slate-600">Satellite of {pop.uplinkCode}</p>}
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              {pop.endpointIpv4 && (
                <>
                  <dt className="text-slate-500">IPv4 endpoint</dt>
                  <dd className="font-mono break-all">{pop.endpointIpv4}</dd>
                </>
              )}
              {pop.endpointIpv6 && (
                <>
                  <dt className="text-slate-500">IPv6 endpoint</dt>
                  <dd className="font-mono break-all">{pop.endpointIpv6}</dd>
                </>
              )}
            </dl>
            <ul className="mt-3 space-y-1 text-sm">
              {pop.tunnelTypes.map((entry) => (
                <TunnelType key={entry.type} entry={entry} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p>
        <Link href="/connect" className="inline-block rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Request a connection
        </Link>
      </p>
    </section>
  );
}
