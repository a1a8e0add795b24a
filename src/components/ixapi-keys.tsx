import { Cell, DataTable, Row } from "@/components/data-table";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { addIxapiKey, addOwnIxapiKey, removeIxapiKey, removeOwnIxapiKey } from "@/server/ixapi/actions";
import { listIxapiCredentials } from "@/server/ixapi/credentials";

const when = (date: Date | null) => date?.toISOString().slice(0, 16).replace("T", " ") ?? "never";

/**
 * IX-API keys (docs/IX-API.md): on /admin/users for every user, in the portal for the signed-in user's own.
 * The secret is shown once, in the form's answer.
 */
export async function IxapiKeysSection({ ownerUserId }: { ownerUserId?: string }) {
  const keys = await listIxapiCredentials(getDb(), ownerUserId);
  const own = ownerUserId !== undefined;
  return (
    <Section id="ix-api" title="IX-API keys" boxed>
      <p className="text-sm text-slate-600">
        Automation that speaks IX-API v2 exchanges a key and secret at <code>/ix-api/v2/auth/token</code> for a 15-minute access token.{" "}
        {own ? "Your keys see your network's objects and can request new connections." : "A member's key sees its own network; a volunteer's sees every member."} Only a
        hash of the secret is stored: copy it when it is shown.
      </p>
      <DataTable headers={own ? ["#", "Name", "API key", "Last used", ""] : ["#", "Name", "API key", "User", "Last used", ""]}>
        {keys.map((key) => (
          <Row key={key.id}>
            <Cell>{key.id}</Cell>
            <Cell>{key.name}</Cell>
            <Cell small>
              <code>{key.apiKey}</code>
            </Cell>
            {!own && (
              <Cell>
                {key.email} ({key.role})
              </Cell>
            )}
            <Cell small>{when(key.lastUsedAt)}</Cell>
            <Cell>
              <ActionForm action={own ? removeOwnIxapiKey : removeIxapiKey} submitLabel="Revoke" inline danger>
                <input type="hidden" name="id" value={key.id} />
              </ActionForm>
            </Cell>
          </Row>
        ))}
      </DataTable>
      <ActionForm action={own ? addOwnIxapiKey : addIxapiKey} submitLabel="Create IX-API key">
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField name="name" label="Name" placeholder="ordering system" required />
          {!own && <TextField name="userEmail" label="Acts as user (email)" type="email" required />}
        </div>
      </ActionForm>
    </Section>
  );
}
