import { ActionForm } from "@/components/form/action-form";
import { SelectField, TextField } from "@/components/form/fields";
import type { getClientProfile } from "@/server/members/admin-service";
import { saveClientProfile, saveConnection } from "@/server/members/actions";
import { LIFECYCLE_STATES, MEMBER_TYPES, PEERING_POLICIES } from "@/shared/enums";

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value.replaceAll("_", " ") }));

export function ClientProfileForm({ clientId, profile }: { clientId: number; profile: NonNullable<Awaited<ReturnType<typeof getClientProfile>>> }) {
  return (
    <ActionForm action={saveClientProfile} submitLabel="Save member">
      <input type="hidden" name="clientId" value={clientId} />
      <div className="grid gap-3 sm:grid-cols-4">
        <TextField name="name" label="Name" defaultValue={profile.name} required />
        <SelectField name="peeringPolicy" label="Peering policy" defaultValue={profile.peeringPolicy} options={options(PEERING_POLICIES)} />
        <SelectField name="memberType" label="IX-F member type" defaultValue={profile.memberType} options={options(MEMBER_TYPES)} />
        <SelectField name="state" label="State" defaultValue={profile.state} options={options(LIFECYCLE_STATES)} />
      </div>
      <TextField name="notes" label="Notes (volunteers only)" defaultValue={profile.notes} />
    </ActionForm>
  );
}

export function ConnectionForm({ connection }: { connection: { id: number; state: string; macAddresses: string[]; ifSpeedMbps: number | null } }) {
  return (
    <ActionForm action={saveConnection} submitLabel="Save" inline>
      <input type="hidden" name="connectionId" value={connection.id} />
      <SelectField name="state" label="State" defaultValue={connection.state} options={options(LIFECYCLE_STATES)} />
      <TextField name="macAddresses" label="MAC addresses" defaultValue={connection.macAddresses.join(", ")} help="Comma-separated; the tunnel server only accepts these" />
      <TextField
        name="ifSpeedMbps"
        label="Speed (Mbit/s)"
        type="number"
        defaultValue={connection.ifSpeedMbps}
        help="Shown as if_speed in the IX-F export; blank uses the default for the tunnel type"
      />
    </ActionForm>
  );
}
