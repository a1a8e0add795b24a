import type { Metadata } from "next";
import Link from "next/link";
import { Cell, DataTable, Row } from "@/components/data-table";
import { ClientProfileForm, ConnectionForm } from "@/components/admin/member-admin-forms";
import { ActionForm } from "@/components/form/action-form";
import { CheckboxField } from "@/components/form/fields";
import { IP_FLAG_HELP, IpFlagLegend, IpStatus, StateBadge } from "@/components/ip-status";
import { AsnSection, ContactsSection } from "@/components/member-forms";
import { Section } from "@/components/section";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { reenableIpAddress, saveIpFlags } from "@/server/members/actions";
import { getClientProfile } from "@/server/members/admin-service";
import { getMember } from "@/server/members/queries";
import { sessionsByIp } from "@/server/members/sessions";
import { findByIdOr404 } from "@/server/pages/find-by-id";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";

export const metadata: Metadata = { title: "Member" };

export default async function MemberPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/members/${encodeURIComponent(id)}`);
  const member = await findByIdOr404(id, (clientId) => getMember(getDb(), clientId));
  const { client } = member;
  const profile = (await getClientProfile(getDb(), client.id))!;
  const sessions = await sessionsByIp(getDb(), member.asns.flatMap((a) => a.ips.map((ip) => ip.id)));

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
          ·{" "}
          <Link href={`/admin/members/${client.id}/diagnostics`} className="text-brand-700 underline">
            diagnostics
          </Link>
        </p>
      </section>

      <Section id="profile" title="Member" boxed>
        <ClientProfileForm clientId={client.id} profile={profile} />
      </Section>

      <Section id="ips" title="Peering LAN addresses">
        <IpFlagLegend />
        <DataTable headers={["Address", "Status", "Flags", "Re-enable"]}>
          {member.asns.flatMap((asn) =>
            asn.ips.map((ip) => (
              <Row key={ip.id} testId={`ip-${ip.address}`}>
                <Cell>
                  <div className="font-mono">{ip.address}</div>
                  <div className="text-xs text-slate-500">
                    AS{asn.asn} · <StateBadge state={ip.state} />
                  </div>
                </Cell>
                <Cell>
                  <IpStatus ip={ip} sessions={sessions.get(ip.id)} />
                </Cell>
                <Cell>
                  <ActionForm action={saveIpFlags} submitLabel="Save flags">
                    <input type="hidden" name="ipId" value={ip.id} />
                    <CheckboxField name="provisioned" label="Provisioned" defaultChecked={ip.provisioned} help={IP_FLAG_HELP.provisioned.text} />
                    <CheckboxField name="monitor" label="Monitor" defaultChecked={ip.monitor} help={IP_FLAG_HELP.monitor.text} />
                  </ActionForm>
                </Cell>
                <Cell>
                  {ip.provisioned ? (
                    <span className="text-xs text-slate-500">provisioned</span>
                  ) : (
                    <ActionForm action={reenableIpAddress} submitLabel="Re-enable">
                      <input type="hidden" name="ipId" value={ip.id} />
                      <CheckboxField name="monitorOff" label="Monitoring off until seen up" help="Avoids a fresh warning before the member is back." />
                    </ActionForm>
                  )}
                </Cell>
              </Row>
            )),
          )}
        </DataTable>
      </Section>

      <Section id="connections" title="Connections">
        <DataTable headers={["#", "Type", "POP", "Tunnel id", "Member endpoint", "State and MACs"]}>
          {member.connections.map((c) => (
            <Row key={c.id}>
              <Cell>{c.id}</Cell>
              <Cell>{TUNNEL_TYPE_LABELS[c.type]}</Cell>
              <Cell>{c.locationCode}</Cell>
              <Cell mono>{c.tunnelId ?? "–"}</Cell>
              <Cell mono>{c.remoteEndpoint ?? "–"}</Cell>
              <Cell>
                <ConnectionForm connection={c} />
              </Cell>
            </Row>
          ))}
        </DataTable>
      </Section>

      <AsnSection asns={member.asns} admin />

      <ContactsSection client={client} />
    </div>
  );
}
