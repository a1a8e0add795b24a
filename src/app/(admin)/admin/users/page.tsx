import type { Metadata } from "next";
import { Cell, DataTable, Row } from "@/components/data-table";
import { ActionForm } from "@/components/form/action-form";
import { IxapiKeysSection } from "@/components/ixapi-keys";
import { CheckboxField, GroupErrors, SelectField, TextAreaField, TextField } from "@/components/form/fields";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { listApiTokens } from "@/server/api/tokens";
import { addApiToken, removeApiToken } from "@/server/api/token-actions";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { saveUser } from "@/server/users/actions";
import { listUsers } from "@/server/users/queries";
import { API_SCOPES, API_SCOPE_NAMES } from "@/shared/api-scopes";
import { USER_ROLES } from "@/shared/enums";

export const metadata: Metadata = { title: "Users" };

const ROLE_OPTIONS = USER_ROLES.map((role) => ({ value: role, label: role }));

export default async function UsersPage() {
  await requireRole("admin", "/admin/users");
  const [users, tokens] = await Promise.all([listUsers(getDb()), listApiTokens(getDb())]);
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <PageHeader title="Users" />
        <DataTable headers={["Email", "Name", "Role", "Member"]}>
          {users.map((user) => (
            <Row key={user.id}>
              <Cell>{user.email}</Cell>
              <Cell>{user.name ?? "–"}</Cell>
              <Cell>{user.role}</Cell>
              <Cell>{user.clientName ?? "–"}</Cell>
            </Row>
          ))}
        </DataTable>
      </section>
      <Section id="add-user" title="Add a user or change a role" boxed>
        <p className="text-sm text-slate-600">An existing email keeps its account and gets the new role. Members need an ASN of their network.</p>
        <ActionForm action={saveUser} submitLabel="Save user">
          <div className="grid gap-3 sm:grid-cols-4">
            <TextField name="email" label="Email" type="email" required />
            <TextField name="name" label="Name" />
            <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue="member" />
            <TextField name="clientAsn" label="ASN (members)" placeholder="AS64500" />
          </div>
        </ActionForm>
      </Section>
      <Section id="tokens" title="API tokens" boxed>
        <p className="text-sm text-slate-600">
          A token may do only what its scopes allow, and never more than its user&apos;s role (checked again on every use). Only its SHA-256 is
          stored: copy it when it is shown.
        </p>
        <DataTable headers={["#", "Name", "User", "Scopes", "Allowed from", "Last used", "Expires", ""]}>
          {tokens.map((token) => (
            <Row key={token.id}>
              <Cell>{token.id}</Cell>
              <Cell>{token.name}</Cell>
              <Cell>
                {token.email} ({token.role})
              </Cell>
              <Cell small>{token.scopes.join(", ")}</Cell>
              <Cell small>{token.allowedAddresses.join(", ") || "anywhere"}</Cell>
              <Cell small>{token.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "never"}</Cell>
              <Cell small>{token.expiresAt?.toISOString().slice(0, 10) ?? "never"}</Cell>
              <Cell>
                <ActionForm action={removeApiToken} submitLabel="Revoke" inline danger>
                  <input type="hidden" name="id" value={token.id} />
                </ActionForm>
              </Cell>
            </Row>
          ))}
        </DataTable>
        <ActionForm action={addApiToken} submitLabel="Create token">
          <div className="grid gap-3 sm:grid-cols-3">
            <TextField name="name" label="Name" placeholder="provisioning script" required />
            <TextField name="userEmail" label="Acts as user (email)" type="email" required />
            <TextField name="expiresInDays" label="Expires after (days)" type="number" help="Empty: never" />
          </div>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Scopes</legend>
            <div className="grid gap-1 sm:grid-cols-2">
              {API_SCOPE_NAMES.map((scope) => (
                <CheckboxField key={scope} name="scopes" value={scope} label={scope} help={`${API_SCOPES[scope].description} (${API_SCOPES[scope].role} or above)`} />
              ))}
            </div>
            <GroupErrors name="scopes" />
          </fieldset>
          <TextAreaField name="allowedAddresses" label="Allowed from (addresses or prefixes)" rows={2} help="One per line or comma-separated, e.g. 192.0.2.7 or 2001:db8::/48. Empty: anywhere." />
        </ActionForm>
      </Section>
      <IxapiKeysSection />
    </div>
  );
}
