import { ActionForm } from "@/components/form/action-form";
import { CheckboxField, SelectField, TextField } from "@/components/form/fields";
import { addLan, editLan } from "@/server/lans/actions";
import type { LanDetail } from "@/server/lans/queries";

const SCHEMES = [
  { value: "sequential", label: "Sequential: next free address in each family" },
  { value: "ipv4_mirror", label: "Mirror IPv4: the IPv6 address repeats the IPv4 host part" },
  { value: "asn_embedded", label: "ASN in IPv6: the interface id spells the AS number" },
];

export function LanForm({ lan }: { lan?: LanDetail }) {
  return (
    <ActionForm action={lan ? editLan : addLan} submitLabel={lan ? "Save LAN" : "Add LAN"}>
      {lan && <input type="hidden" name="id" value={lan.id} />}
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField name="name" label="Name" defaultValue={lan?.name} required />
        <TextField name="ipv4Prefix" label="IPv4 prefix" defaultValue={lan?.ipv4Prefix} placeholder="198.18.0.0/22" />
        <TextField name="ipv6Prefix" label="IPv6 prefix" defaultValue={lan?.ipv6Prefix} placeholder="2001:db8:1::/64" />
        <SelectField name="allocationScheme" label="Allocation scheme" defaultValue={lan?.allocationScheme ?? "sequential"} options={SCHEMES} />
        <TextField name="ixfVlanId" label="IX-F vlan id" type="number" defaultValue={lan?.ixfVlanId} required help="Unique per LAN in the IX-F export" />
        <TextField name="vlanTag" label="802.1Q tag" type="number" defaultValue={lan?.vlanTag} />
        <TextField name="mtu" label="MTU" type="number" defaultValue={lan?.mtu ?? 1500} />
      </div>
      <CheckboxField name="active" label="Active" defaultChecked={lan?.active ?? true} />
    </ActionForm>
  );
}
