"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/server/actions/action";
import {
  asnAdminSettingsSchema,
  asnMemberSettingsSchema,
  clientContactsSchema,
  clientProfileSchema,
  connectionAdminSchema,
  connectionMacsSchema,
  ipFlagsSchema,
  ipReenableSchema,
} from "@/shared/validation/member";
import { updateClientProfile } from "./admin-service";
import { updateConnection } from "./connection-service";
import { reenabledMessage, reenableIp } from "@/server/monitoring/reenable";
import { setIpFlags } from "./ip-flags";
import { updateAsnSettings, updateClientContacts } from "./service";

function refreshMemberPages() {
  revalidatePath("/portal", "layout");
  revalidatePath("/admin/members", "layout");
}

/** Members edit their own contacts; the service refuses other members' clients. */
export const saveClientContacts = formAction({
  role: "member",
  schema: clientContactsSchema,
  handler: async (input, { db, user }) => {
    await updateClientContacts(db, user!, input);
    refreshMemberPages();
    return { ok: true, message: "Contacts saved." };
  },
});

/** Same handler for both: the schema decides which settings may change, the service whose ASN. */
function asnSettingsAction(role: "member" | "volunteer", schema: typeof asnMemberSettingsSchema | typeof asnAdminSettingsSchema) {
  return formAction({
    role,
    schema,
    handler: async (input, { db, user }) => {
      const saved = await updateAsnSettings(db, user!, input);
      refreshMemberPages();
      return { ok: true, message: `Settings of AS${saved.asn} saved.` };
    },
  });
}

export const saveAsnMemberSettings = asnSettingsAction("member", asnMemberSettingsSchema);

export const saveAsnAdminSettings = asnSettingsAction("volunteer", asnAdminSettingsSchema);

export const saveIpFlags = formAction({
  role: "volunteer",
  schema: ipFlagsSchema,
  handler: async (input, { db, user }) => {
    const saved = await setIpFlags(db, user!.id, input);
    refreshMemberPages();
    return { ok: true, message: `${saved.address}: provisioned ${saved.provisioned ? "on" : "off"}, monitor ${saved.monitor ? "on" : "off"}.` };
  },
});

export const reenableIpAddress = formAction({
  role: "volunteer",
  schema: ipReenableSchema,
  handler: async (input, { db, user }) => {
    const saved = await reenableIp(db, user!.id, input);
    refreshMemberPages();
    return { ok: true, message: reenabledMessage(saved) };
  },
});

export const saveClientProfile = formAction({
  role: "volunteer",
  schema: clientProfileSchema,
  handler: async (input, { db, user }) => {
    await updateClientProfile(db, user!.id, input);
    refreshMemberPages();
    return { ok: true, message: "Member saved." };
  },
});

/** Members set their MACs, volunteers also the state; the schema decides which, the service whose connection. */
function connectionAction(role: "member" | "volunteer", schema: typeof connectionMacsSchema | typeof connectionAdminSchema) {
  return formAction({
    role,
    schema,
    handler: async (input, { db, user }) => {
      await updateConnection(db, user!, input);
      refreshMemberPages();
      return { ok: true, message: `Connection #${input.connectionId} saved; its POP's tunnel config is marked for rollout.` };
    },
  });
}

export const saveConnectionMacs = connectionAction("member", connectionMacsSchema);

export const saveConnection = connectionAction("volunteer", connectionAdminSchema);
