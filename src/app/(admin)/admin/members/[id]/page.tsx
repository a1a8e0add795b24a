import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/form/action-form";
import { CheckboxField } from "@/components/form/fields";
import { IP_FLAG_HELP, IpFlagLegend, IpStatus, StateBadge } from "@/components/ip-status";
import { AsnSettingsForm, ContactsForm } from "@/components/member-forms";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { reenableIpAddress, saveIpFlags } from "@/server/members/actions";
import { getMember } from "@/server/members/queries";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { idSchema } from "@/shared/validation/form";

export const metadata: Metadata = { title: "Member" };

export default async function MemberPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/members/${encodeURIComponent(id)}`);
  const parsed = idSchema.safeParse(id);
  const member = parsed.success ? await getMember(getDb(), parsed.data) : null;
  if (!member) notFound();
  const { client } = member;

  return (
    <div className="space-y-8">
      <section className="space-y-1">
        <h1 className="text-2xl font-bold text-brand-900">{client.name}</h1>
        <p className="text-sm text-slate-600">
          Client #{client.id} · <StateBadge state={client.state} /> · since {client.createdAt.toISOString().slice(0, 10)} ·{" "}
          <Link href={`/portal?client=${client.id}`} className="text-brand-700 underline">
            their portal view
          </Link>{" "}
          ·{" "}
          <Link href={`/admin/audit?entityType=client&entityId=${client.id}`} className="text-brand-700 underline">
            audit log
          </Link>
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
              <th className="py-1 pr-3">Status</th>
              <th className="py-1 pr-3">Flags</th>
              <th className="py-1">Re-enable</th>
            </tr>
          </thead>
          <tbody>
            {member.asns.flatMap((asn) =>
              asn.ips.map((ip) => (
                <tr key={ip.id} className="border-b border-slate-100 align-top" data-testid={`ip-${ip.address}`}>
                  <td className="py-2 pr-3">
                    <div className="font-mono">{ip.address}</div>
                    <div className="text-xs text-slate-500">
                      AS{asn.asn} · <StateBadge state={ip.state} />
                    </div>
                  </td>
                  <td className="py-2 pr-3">
                    <IpStatus ip={ip} />
                  </td>
                  <td className="py-2 pr-3">
                    <ActionForm action={saveIpFlags} submitLabel="Save flags">
                      <input type="hidden" name="ipId" value={ip.id} />
                      <CheckboxField name="provisioned" label="Provisioned" defaultChecked={ip.provisioned} help={IP_FLAG_HELP.provisioned.text} />
                      <CheckboxField name="monitor" label="Monitor" defaultChecked={ip.monitor} help={IP_FLAG_HELP.monitor.text} />
                    </ActionForm>
                  </td>
                  <td className="py-2">
                    {ip.provisioned ? (
                      <span className="text-xs text-slate-500">provisioned</span>
                    ) : (
                      <ActionForm action={reenableIpAddress} submitLabel="Re-enable">
                        <input type="hidden" name="ipId" value={ip.id} />
                        <CheckboxField name="monitorOff" label="Monitoring off until seen up" help="Avoids a fresh warning before the member is back." />
                      </ActionForm>
                    )}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </section>

      <section className="space-y-3" aria-labelledby="connections-heading">
        <h2 id="connections-heading" className="text-lg font-semibold">
          Connections
        </h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="py-1 pr-3">#</th>
              <th className="py-1 pr-3">Type</th>
              <th className="py-1 pr-3">POP</th>
              <th className="py-1 pr-3">Tunnel id</th>
              <th className="py-1 pr-3">Member endpoint</th>
              <th className="py-1 pr-3">MACs</th>
              <th className="py-1">State</th>
            </tr>
          </thead>
          <tbody>
            {member.connections.map((c) => (
              <tr key={c.id} className="border-b border-slate-100">
                <td className="py-2 pr-3">{c.id}</td>
                <td className="py-2 pr-3">{TUNNEL_TYPE_LABELS[c.type]}</td>
                <td className="py-2 pr-3">{c.locationCode}</td>
                <td className="py-2 pr-3 font-mono">{c.tunnelId ?? "–"}</td>
                <td className="py-2 pr-3 font-mono">{c.remoteEndpoint ?? "–"}</td>
                <td className="py-2 pr-3 font-mono text-xs">{c.macAddresses.join(", ") || "–"}</td>
                <td className="py-2">
                  <StateBadge state={c.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="space-y-4" aria-labelledby="asns-heading">
        <h2 id="asns-heading" className="text-lg font-semibold">
          ASNs
        </h2>
        {member.asns.map((asn) => (
          <div key={asn.id} className="space-y-2 rounded border border-slate-200 bg-white p-4">
            <h3 className="font-medium">AS{asn.asn}</h3>
            <AsnSettingsForm asn={asn} admin />
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
