import type { Metadata } from "next";
import Link from "next/link";
import { Cell, DataTable, Row } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listLocations } from "@/server/locations/queries";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { placeName } from "@/shared/places";
import { describeTunnelParams } from "@/shared/validation/tunnel-params";

export const metadata: Metadata = { title: "POPs" };


export default async function LocationsPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  await requireRole("volunteer", "/admin/locations");
  const [{ saved }, locations] = await Promise.all([searchParams, listLocations(getDb())]);
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  return (
    <section className="space-y-4">
      <PageHeader title="POPs" action={{ href: "/admin/locations/new", label: "Add a POP" }} />
      {saved && (
        <p role="status" className="rounded border border-green-200 bg-green-50 p-2 text-sm text-green-900">
          Saved POP {saved}. Its tunnel-server configuration is marked for rollout.
        </p>
      )}
      <DataTable headers={["Code", "Name", "Mode", "Endpoints", "Tunnel types", "Active"]}>
        {locations.map((location) => (
          <Row key={location.id} testId={`location-${location.code}`}>
            <Cell mono>
              <Link href={`/admin/locations/${location.id}`} className="text-brand-700 underline">
                {location.code}
              </Link>
            </Cell>
            <Cell>
              {placeName(location)}
            </Cell>
            <Cell>{location.mode === "satellite" ? `satellite of ${codes.get(location.uplinkLocationId ?? 0) ?? "?"}` : "full"}</Cell>
            <Cell mono small>
              {[location.endpointIpv4, location.endpointIpv6].filter(Boolean).join(" ") || "–"}
            </Cell>
            <Cell>
              {location.tunnelTypes
                .map((t) => [TUNNEL_TYPE_LABELS[t.type], describeTunnelParams(t.type, t.params).join(", ")].filter(Boolean).join(" · "))
                .join("; ")}
            </Cell>
            <Cell>{location.active ? "yes" : "no"}</Cell>
          </Row>
        ))}
      </DataTable>
    </section>
  );
}
