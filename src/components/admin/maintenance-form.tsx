import { ActionForm } from "@/components/form/action-form";
import { SelectField, TextAreaField, TextField } from "@/components/form/fields";
import { scheduleMaintenanceAction } from "@/server/maintenance/actions";
import { MAINTENANCE_SCOPE_LABELS, MAINTENANCE_SCOPES } from "@/shared/enums";

export function MaintenanceForm({ pops, routeServers }: { pops: { code: string; name: string }[]; routeServers: { name: string }[] }) {
  const targets = [
    { value: "", label: "— none (the whole IX) —" },
    ...pops.map((pop) => ({ value: pop.code, label: `POP ${pop.code} (${pop.name})` })),
    ...routeServers.map((rs) => ({ value: rs.name, label: `Route server ${rs.name}` })),
  ];
  return (
    <ActionForm action={scheduleMaintenanceAction} submitLabel="Schedule and notify members">
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField name="scope" label="What is maintained" defaultValue="pop" options={MAINTENANCE_SCOPES.map((scope) => ({ value: scope, label: MAINTENANCE_SCOPE_LABELS[scope] }))} />
        <SelectField name="target" label="Which POP or route server" options={targets} help="Leave at none for the whole IX" />
        <TextField name="startsAt" label="Start (UTC)" type="datetime-local" required />
        <TextField name="endsAt" label="End (UTC)" type="datetime-local" required />
      </div>
      <TextField name="reason" label="Reason" required placeholder="Replacing the switch in rack 3" />
      <TextAreaField name="impact" label="Impact on members" required help="What members will notice, e.g. tunnels to this POP drop for up to 10 minutes" />
    </ActionForm>
  );
}
