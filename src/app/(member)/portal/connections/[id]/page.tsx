import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StateBadge } from "@/components/ip-status";
import { MemberConfig } from "@/components/member-config";
import { ConnectionMacsForm } from "@/components/member-forms";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import { getClientConnection } from "@/server/members/connection";
import { portalClient, viewsOtherClient } from "@/server/members/portal-client";
import { memberConfigurations } from "@/server/tunnels/member/load";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { placeName } from "@/shared/places";
import { tunnelParamEntries } from "@/shared/validation/tunnel-params";
import { idSchema } from "@/shared/validation/form";

export const metadata: Metadata = { title: "Connection" };

export default async function ConnectionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ client?: string }> }) {
  const [{ id }, { client: requested }] = await Promise.all([params, searchParams]);
  const { user, clientId } = await portalClient(requested, `/portal/connections/${encodeURIComponent(id)}`);
  const connectionId = idSchema.safeParse(id);
  // Another member's connection looks exactly like one that does not exist.
  const connection = clientId !== null && connectionId.success ? await getClientConnection(getDb(), clientId, connectionId.data) : null;
  if (!connection) notFound();
  const { location } = connection;
  const routerConfig = await memberConfigurations(getDb(), connection.id).then(
    (snippets) => ({ ok: true as const, snippets }),
    // Data the generator cannot use safely (e.g. a POP without an endpoint) is explained, not rendered.
    (error: unknown) => {
      if (error instanceof DomainError) return { ok: false as const, message: `The configuration cannot be shown yet: ${error.message}` };
      throw error;
    },
  );
  const back = viewsOtherClient(user, connection.clientId) ? `/portal?client=${connection.clientId}` : "/portal";

  return (
    <div className="space-y-8">
      <section className="space-y-1">
        <Link href={back} className="text-sm text-brand-700 underline">
          ← My network
        </Link>
        <h1 className="text-2xl font-bold text-brand-900">
          {TUNNEL_TYPE_LABELS[connection.type]} at {location.code}
        </h1>
        <p className="text-sm text-slate-600">
          Connection #{connection.id} · <StateBadge state={connection.state} />
        </p>
      </section>

      <Section id="tunnel" title="Tunnel">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-600">Type</dt>
          <dd>{TUNNEL_TYPE_LABELS[connection.type]}</dd>
          <dt className="text-slate-600">POP</dt>
          <dd>
            {location.code}: {placeName(location)}
          </dd>
          <dt className="text-slate-600">POP endpoint</dt>
          <dd className="font-mono">{[location.endpointIpv4, location.endpointIpv6].filter(Boolean).join(" / ") || "–"}</dd>
          <dt className="text-slate-600">Tunnel id</dt>
          <dd className="font-mono">{connection.tunnelId ?? "–"}</dd>
          <dt className="text-slate-600">Your endpoint</dt>
          <dd className="font-mono">{connection.remoteEndpoint ?? "–"}</dd>
          {tunnelParamEntries(connection.type, connection.popParams).map(({ label, value }) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="font-mono">{value}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section id="macs" title="MAC addresses">
        <ConnectionMacsForm connection={connection} />
      </Section>

      <Section id="addresses" title="Your peering LAN addresses">
        <ul className="font-mono text-sm">
          {connection.ips.map((ip) => (
            <li key={ip.id}>
              {ip.address} (AS{ip.asn}, IPv{ip.family})
            </li>
          ))}
        </ul>
      </Section>

      <section aria-labelledby="config-heading" id="router-config" className="space-y-2">
        <h2 id="config-heading" className="text-lg font-semibold">
          Router configuration
        </h2>
        <p className="text-sm text-slate-600">
          Paste the block for your platform; your ASN, addresses and tunnel parameters are already filled in.
        </p>
        {routerConfig.ok ? (
          <MemberConfig snippets={routerConfig.snippets} />
        ) : (
          <p role="alert" className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
            {routerConfig.message}
          </p>
        )}
      </section>
    </div>
  );
}
