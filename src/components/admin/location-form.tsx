import { ActionForm } from "@/components/form/action-form";
import { CheckboxField, GroupErrors, SelectField, TextField } from "@/components/form/fields";
import { addLocation, editLocation } from "@/server/locations/actions";
import type { LocationDetail } from "@/server/locations/queries";
import { TUNNEL_TYPES, TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { TUNNEL_PARAM_FIELDS } from "@/shared/validation/tunnel-params";

/** One form for adding and editing a POP, including which tunnel types it offers and their parameters. */
export function LocationForm({ location, uplinks }: { location?: LocationDetail; uplinks: { id: number; code: string }[] }) {
  const offered = new Map(location?.tunnelTypes.map((t) => [t.type, t.params]) ?? []);
  return (
    <ActionForm action={location ? editLocation : addLocation} submitLabel={location ? "Save POP" : "Add POP"}>
      {location && <input type="hidden" name="id" value={location.id} />}
      <div className="grid gap-3 sm:grid-cols-4">
        <TextField name="code" label="Code" defaultValue={location?.code} placeholder="FMT" required help="2–16 capital letters or digits" />
        <TextField name="name" label="Name" defaultValue={location?.name} required />
        <TextField name="city" label="City" defaultValue={location?.city} required />
        <TextField name="country" label="Country" defaultValue={location?.country} placeholder="US" required help="ISO 3166 two-letter code" />
        <TextField name="endpointIpv4" label="Tunnel endpoint IPv4" defaultValue={location?.endpointIpv4} help="Public address members point tunnels at" />
        <TextField name="endpointIpv6" label="Tunnel endpoint IPv6" defaultValue={location?.endpointIpv6} />
        <TextField name="managementHost" label="Management host" defaultValue={location?.managementHost} help="How Ansible reaches the tunnel server" />
        <TextField name="peeringdbFacilityId" label="PeeringDB facility id" type="number" defaultValue={location?.peeringdbFacilityId} />
        <SelectField
          name="mode"
          label="Mode"
          defaultValue={location?.mode ?? "full"}
          options={[
            { value: "full", label: "Full: part of the POP mesh" },
            { value: "satellite", label: "Satellite: hangs off one uplink POP" },
          ]}
        />
        <SelectField
          name="uplinkLocationId"
          label="Uplink (satellites)"
          defaultValue={location?.uplinkLocationId ?? ""}
          options={[{ value: "", label: "none" }, ...uplinks.filter((u) => u.id !== location?.id).map((u) => ({ value: String(u.id), label: u.code }))]}
        />
        <TextField name="meshVni" label="Mesh VNI" type="number" defaultValue={location?.meshVni} help="VXLAN id of the POP mesh" />
      </div>
      <CheckboxField name="active" label="Active" defaultChecked={location?.active ?? true} help="Inactive POPs accept no new requests." />
      <fieldset className="space-y-3 rounded border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-700">Tunnel types offered</legend>
        <GroupErrors name="tunnelTypes" />
        {TUNNEL_TYPES.map((type) => {
          const params = offered.get(type);
          return (
            <div key={type} className="grid items-start gap-3 sm:grid-cols-4">
              <CheckboxField name="offers" value={type} label={TUNNEL_TYPE_LABELS[type]} defaultChecked={offered.has(type)} />
              {TUNNEL_PARAM_FIELDS[type].map((field) =>
                field.kind === "select" ? (
                  <SelectField
                    key={field.name}
                    name={`params.${type}.${field.name}`}
                    label={field.label}
                    defaultValue={(params?.[field.name] as string | undefined) ?? field.options?.[0]}
                    options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
                  />
                ) : (
                  <TextField
                    key={field.name}
                    name={`params.${type}.${field.name}`}
                    label={field.label}
                    type={field.kind === "number" ? "number" : "text"}
                    placeholder={field.placeholder}
                    defaultValue={params?.[field.name] as string | number | undefined}
                  />
                ),
              )}
            </div>
          );
        })}
      </fieldset>
    </ActionForm>
  );
}
