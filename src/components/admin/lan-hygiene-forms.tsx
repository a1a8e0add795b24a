"use client";

import { ActionForm } from "@/components/form/action-form";
import { CheckboxField } from "@/components/form/fields";
import { resolveFinding, saveEnforceMacs } from "@/server/lan-hygiene/actions";

export function EnforceMacsForm({ pop, enforced }: { pop: string; enforced: boolean }) {
  return (
    <ActionForm action={saveEnforceMacs} submitLabel="Save MAC filtering">
      <input type="hidden" name="pop" value={pop} />
      <CheckboxField
        name="enforce"
        label="Only registered MAC addresses may send on member ports"
        defaultChecked={enforced}
        help="Each member port is locked to the MAC addresses registered on its connection(s). A port stays open while one of its members has none registered."
      />
    </ActionForm>
  );
}

export function ResolveFindingButton({ id }: { id: number }) {
  return (
    <ActionForm action={resolveFinding} submitLabel="Resolve" inline>
      <input type="hidden" name="findingId" value={id} />
    </ActionForm>
  );
}
