import { ActionForm } from "@/components/form/action-form";
import { CheckboxField, SelectField, TextField } from "@/components/form/fields";
import type { getRouteServer } from "@/server/routeserver/manage";
import { addRouteServer, editRouteServer } from "@/server/routeserver/manage-actions";

type RouteServerDetail = NonNullable<Awaited<ReturnType<typeof getRouteServer>>>;

export function RouteServerForm({
  routeServer,
  locations,
  lans,
  defaultAsn,
}: {
  routeServer?: RouteServerDetail;
  locations: { id: number; code: string }[];
  lans: { id: number; name: string }[];
  defaultAsn: number;
}) {
  return (
    <ActionForm action={routeServer ? editRouteServer : addRouteServer} submitLabel={routeServer ? "Save route server" : "Add route server"}>
      {routeServer && <input type="hidden" name="id" value={routeServer.id} />}
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField name="name" label="Name" defaultValue={routeServer?.name} placeholder="rs1" required />
        <SelectField name="locationId" label="POP" defaultValue={routeServer?.locationId} options={locations.map((l) => ({ value: String(l.id), label: l.code }))} />
        <SelectField name="lanId" label="Peering LAN" defaultValue={routeServer?.lanId} options={lans.map((l) => ({ value: String(l.id), label: l.name }))} />
        <TextField name="asn" label="ASN" type="number" defaultValue={routeServer?.asn ?? defaultAsn} required />
        <TextField name="routerId" label="Router id" defaultValue={routeServer?.routerId} placeholder="198.18.0.1" required />
        <TextField name="ipv4Address" label="IPv4 address on the LAN" defaultValue={routeServer?.ipv4Address} />
        <TextField name="ipv6Address" label="IPv6 address on the LAN" defaultValue={routeServer?.ipv6Address} />
        <TextField name="controlSocket" label="BIRD control socket" defaultValue={routeServer?.controlSocket ?? "/run/bird/bird.ctl"} />
        <TextField name="sshHost" label="SSH host" defaultValue={routeServer?.sshHost} help="Leave empty when BIRD runs on this host" />
        <TextField name="sshUser" label="SSH user" defaultValue={routeServer?.sshUser} />
      </div>
      <CheckboxField name="active" label="Active" defaultChecked={routeServer?.active ?? true} />
    </ActionForm>
  );
}
