import { ActionForm } from "@/components/form/action-form";
import { CheckboxField, TextField } from "@/components/form/fields";
import { Section } from "@/components/section";
import { saveAsnAdminSettings, saveAsnMemberSettings, saveClientContacts, saveConnectionMacs } from "@/server/members/actions";
import type { MemberDetail } from "@/server/members/queries";

function ContactsForm({ client }: { client: MemberDetail["client"] }) {
  return (
    <ActionForm action={saveClientContacts} submitLabel="Save contacts">
      <input type="hidden" name="clientId" value={client.id} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField name="contactName" label="Contact name" defaultValue={client.contactName} />
        <TextField name="contactEmail" label="Contact email" type="email" defaultValue={client.contactEmail} required />
        <TextField name="contactPhone" label="Phone" type="tel" defaultValue={client.contactPhone} />
        <TextField name="nocEmail" label="NOC email" type="email" defaultValue={client.nocEmail} />
        <TextField name="website" label="Website" type="url" defaultValue={client.website} />
      </div>
      <CheckboxField
        name="contactPrivate"
        label="Keep contact details private"
        defaultChecked={client.contactPrivate}
        help="Ticked (the default): your email addresses appear nowhere public. Untick to publish the contact and NOC email on the public peer list and in the IX-F member export."
      />
    </ActionForm>
  );
}

type AsnRow = MemberDetail["asns"][number];

/** AS-SET and max-prefix; volunteers also see route-server participation and blackholing. */
function AsnSettingsForm({ asn, admin = false }: { asn: AsnRow; admin?: boolean }) {
  return (
    <ActionForm action={admin ? saveAsnAdminSettings : saveAsnMemberSettings} submitLabel={`Save AS${asn.asn}`}>
      <input type="hidden" name="asnId" value={asn.id} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField name="asSet" label="AS-SET" defaultValue={asn.asSet} placeholder="AS-EXAMPLE" help="Used to build your IRR prefix filter on the route servers." />
        <TextField name="maxPrefixV4" label="Max prefixes (IPv4)" type="number" defaultValue={asn.maxPrefixV4} help="The route-server session is shut if you announce more. Empty: your PeeringDB count plus headroom, else the IX default." />
        <TextField name="maxPrefixV6" label="Max prefixes (IPv6)" type="number" defaultValue={asn.maxPrefixV6} />
      </div>
      {admin && (
        <div className="flex flex-wrap gap-6">
          <CheckboxField name="rsClient" label="Route-server client" defaultChecked={asn.rsClient} help="Sessions with the route servers are configured for this ASN." />
          <CheckboxField name="blackholeOptIn" label="Blackholing (RFC 7999)" defaultChecked={asn.blackholeOptIn} help="The route servers honour the BLACKHOLE community from this ASN." />
        </div>
      )}
    </ActionForm>
  );
}

const LIMIT_SOURCES = {
  member: () => "your setting",
  peeringdb: (count: number | null) => `from PeeringDB: ${count} prefixes plus headroom`,
  default: () => "the IX default; set your own or publish your prefix count on PeeringDB",
} as const;

/** The max-prefix the route servers enforce on each session, and why, so members are not surprised by a shut session. */
function RouteServerLimits({ limits }: { limits: AsnRow["routeServerMaxPrefix"] }) {
  return (
    <p className="text-sm text-slate-700" data-testid="rs-max-prefix">
      Route-server max-prefix:{" "}
      {([4, 6] as const).map((family, index) => (
        <span key={family}>
          {index > 0 && " · "}IPv{family} <strong>{limits[family].limit}</strong> ({LIMIT_SOURCES[limits[family].source](limits[family].peeringdbCount)})
        </span>
      ))}
    </p>
  );
}

/** The ASNs of a member, each with its settings form; shared by the portal and the admin member page. */
export function AsnSection({ asns, admin = false }: { asns: readonly AsnRow[]; admin?: boolean }) {
  return (
    <Section id="asns" title="ASNs">
      {asns.map((asn) => (
        <div key={asn.id} className="space-y-2 rounded border border-slate-200 bg-white p-4">
          <h3 className="font-medium">
            AS{asn.asn}
            <span className="ml-2 text-sm font-normal text-slate-600">
              {asn.rsClient ? "route-server client" : "not a route-server client"} · blackholing {asn.blackholeOptIn ? "on" : "off"}
            </span>
          </h3>
          {asn.rsClient && <RouteServerLimits limits={asn.routeServerMaxPrefix} />}
          <AsnSettingsForm asn={asn} admin={admin} />
        </div>
      ))}
    </Section>
  );
}

export function ContactsSection({ client }: { client: MemberDetail["client"] }) {
  return (
    <Section id="contacts" title="Contacts" boxed>
      <ContactsForm client={client} />
    </Section>
  );
}

/** The member keeps the MAC addresses of their router on this tunnel up to date; the tunnel server filters on them. */
export function ConnectionMacsForm({ connection }: { connection: { id: number; macAddresses: string[] } }) {
  return (
    <ActionForm action={saveConnectionMacs} submitLabel="Save MAC addresses">
      <input type="hidden" name="connectionId" value={connection.id} />
      <TextField
        name="macAddresses"
        label="Your router's MAC addresses"
        defaultValue={connection.macAddresses.join(", ")}
        placeholder="02:00:5e:10:00:01"
        help="Comma-separated, up to 16. Only frames from these addresses are bridged onto the peering LAN."
      />
    </ActionForm>
  );
}
