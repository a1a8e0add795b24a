import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Cell, DataTable, Row } from "@/components/data-table";
import { IpFlagLegend, IpStatus, StateBadge } from "@/components/ip-status";
import { IxapiKeysSection } from "@/components/ixapi-keys";
import { AsnSection, ContactsSection } from "@/components/member-forms";
import { MemberFilteredRoutes } from "@/components/lookingglass/member-filtered-routes";
import { MaintenanceBanner } from "@/components/maintenance-banner";
import { MemberLanFindings } from "@/components/member-lan-findings";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { maintenanceNotices } from "@/server/maintenance/queries";
import { portalClient, viewsOtherClient } from "@/server/members/portal-client";
import { getMember } from "@/server/members/queries";
import { sessionsByIp } from "@/server/members/sessions";
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
  const sessions = await sessionsByIp(getDb(), member.asns.flatMap((a) => a.ips.map((ip) => ip.id)));
  const asVolunteer = viewsOtherClient(user, clientId);
  const now = new Date();
  const maintenance = await maintenanceNotices(getDb(), now, clientId);
  const query = asVolunteer ? `?client=${clientId}` : "";

  return (
    <div className="space-y-8">
      <MaintenanceBanner windows={maintenance} now={now} />
      <section className="space-y-1">
        <h1 className="text-2xl font-bold text-brand-900">{client.name}</h1>
        <p className="text-sm text-slate-600">
          Member #{client.id} · <StateBadge state={client.state} /> · peering policy {client.peeringPolicy}
          {asVolunteer && " · you are viewing this member's portal as a volunteer"}
          {" · "}
          <Link href={`/portal/diagnostics${query}`} className="text-brand-700 underline">
            diagnostics: is my session up, and if not, why?
          </Link>
        </p>
      </section>

      <Section id="ips" title="Peering LAN addresses">
        <IpFlagLegend />
        <DataTable headers={["Address", "ASN", "State", "Status"]}>
          {member.asns.flatMap((asn) =>
            asn.ips.map((ip) => (
              <Row key={ip.id} testId="member-ip">
                <Cell mono>{ip.address}</Cell>
                <Cell>AS{asn.asn}</Cell>
                <Cell>
                  <StateBadge state={ip.state} />
                </Cell>
                <Cell>
                  <IpStatus ip={ip} sessions={sessions.get(ip.id)} />
                </Cell>
              </Row>
            )),
          )}
        </DataTable>
        {member.asns.every((a) => a.ips.length === 0) && <p className="text-sm text-slate-600">No addresses allocated yet.</p>}
      </Section>

      <Section id="filtered-routes" title="Routes the route servers filtered">
        <MemberFilteredRoutes clientId={clientId} />
      </Section>

      <Section id="connections" title="Connections">
        <DataTable headers={["Type", "POP", "Tunnel id", "Your endpoint", "State"]}>
          {member.connections.map((c) => (
            <Row key={c.id}>
              <Cell>
                <Link href={`/portal/connections/${c.id}${query}`} className="text-brand-700 underline">
                  {TUNNEL_TYPE_LABELS[c.type]}
                </Link>
              </Cell>
              <Cell>
                {c.locationCode} ({c.locationName})
              </Cell>
              <Cell mono>{c.tunnelId ?? "–"}</Cell>
              <Cell mono>{c.remoteEndpoint ?? "–"}</Cell>
              <Cell>
                <StateBadge state={c.state} />
              </Cell>
            </Row>
          ))}
        </DataTable>
        {member.connections.length === 0 && <p className="text-sm text-slate-600">No connections yet.</p>}
      </Section>

      <MemberLanFindings clientId={clientId} />

      <AsnSection asns={member.asns} />

      <ContactsSection client={client} />

      {!asVolunteer && <IxapiKeysSection ownerUserId={user.id} />}
    </div>
  );
}
