import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IpFlagLegend, IpStatus, StateBadge } from "@/components/ip-status";
import { AsnSettingsForm, ContactsForm } from "@/components/member-forms";
import { getDb } from "@/server/db/client";
import { portalClient, viewsOtherClient } from "@/server/members/portal-client";
import { getMember } from "@/server/members/queries";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";

export const metadata: Metadata = { title: "My network" };

export default async function PortalPage({ searchParams }: { searchParams: Promise<{ client?: string }> }) {
  const { client: requested } = await searchParams;
  const { user, clientId } = await portalClient(requested, "/portal");
  if (clientId === null) {
    return (
      <section className="space-y-2">
        <h1 className="text-2xl font-bold text-brand-900">Member portal</h1>
        <p className="text-slate-700">Your account is not linked to a member network yet. Volunteers can open a member&apos;s portal view from the admin member pages.</p>
      </section>
    );
  }
  const member = await getMember(getDb(), clientId);
  if (!member) notFound();
  const { client } = member;
  const query = viewsOtherClient(user, clientId) ? `?client=${clientId}` : "";

  return (
    <div className="space-y-8">
      <section className="space-y-1">
        <h1 className="text-2xl font-bold text-brand-900">{client.name}</h1>
        <p className="text-sm text-slate-600">
          Member #{client.id} · <StateBadge state={client.state} /> · peering policy {client.peeringPolicy}
          {viewsOtherClient(user, clientId) && " · you are viewing this member's portal as a volunteer"}
        </p>
      </section>

      <section className="space-y-3" aria-labelledby="ips-heading">
        <h2 id="ips-heading" className="text-lg font-semibold">
          Peering LAN addresses
        </h2>
        <IpFlagLegend />
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="py-1 pr-3">Address</th>
              <th className="py-1 pr-3">ASN</th>
              <th className="py-1 pr-3">State</th>
              <th className="py-1">Status</th>
            </tr>
          </thead>
          <tbody>
            {member.asns.flatMap((asn) =>
              asn.ips.map((ip) => (
                <tr key={ip.id} className="border-b border-slate-100 align-top" data-testid="member-ip">
                  <td className="py-2 pr-3 font-mono">{ip.address}</td>
                  <td className="py-2 pr-3">AS{asn.asn}</td>
                  <td className="py-2 pr-3">
                    <StateBadge state={ip.state} />
                  </td>
                  <td className="py-2">
                    <IpStatus ip={ip} />
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
        {member.asns.every((a) => a.ips.length === 0) && <p className="text-sm text-slate-600">No addresses allocated yet.</p>}
      </section>

      <section className="space-y-3" aria-labelledby="connections-heading">
        <h2 id="connections-heading" className="text-lg font-semibold">
          Connections
        </h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="py-1 pr-3">Type</th>
              <th className="py-1 pr-3">POP</th>
              <th className="py-1 pr-3">Tunnel id</th>
              <th className="py-1 pr-3">Your endpoint</th>
              <th className="py-1">State</th>
            </tr>
          </thead>
          <tbody>
            {member.connections.map((c) => (
              <tr key={c.id} className="border-b border-slate-100">
                <td className="py-2 pr-3">
                  <Link href={`/portal/connections/${c.id}${query}`} className="text-brand-700 underline">
                    {TUNNEL_TYPE_LABELS[c.type]}
                  </Link>
                </td>
                <td className="py-2 pr-3">
                  {c.locationCode} ({c.locationName})
                </td>
                <td className="py-2 pr-3 font-mono">{c.tunnelId ?? "–"}</td>
                <td className="py-2 pr-3 font-mono">{c.remoteEndpoint ?? "–"}</td>
                <td className="py-2">
                  <StateBadge state={c.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {member.connections.length === 0 && <p className="text-sm text-slate-600">No connections yet.</p>}
      </section>

      <section className="space-y-4" aria-labelledby="asns-heading">
        <h2 id="asns-heading" className="text-lg font-semibold">
          ASNs
        </h2>
        {member.asns.map((asn) => (
          <div key={asn.id} className="space-y-2 rounded border border-slate-200 bg-white p-4">
            <h3 className="font-medium">
              AS{asn.asn}
              <span className="ml-2 text-sm font-normal text-slate-600">
                {asn.rsClient ? "route-server client" : "not a route-server client"} · blackholing {asn.blackholeOptIn ? "on" : "off"}
              </span>
            </h3>
            <AsnSettingsForm asn={asn} />
          </div>
        ))}
      </section>

      <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="contacts-heading">
        <h2 id="contacts-heading" className="text-lg font-semibold">
          Contacts
        </h2>
        <ContactsForm client={client} />
      </section>
    </div>
  );
}
