import type { Metadata } from "next";
import { Cell, DataTable, Row } from "@/components/data-table";
import { ActionForm } from "@/components/form/action-form";
import { SelectField, TextField } from "@/components/form/fields";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { saveUser } from "@/server/users/actions";
import { listUsers } from "@/server/users/queries";
import { USER_ROLES } from "@/shared/enums";

export const metadata: Metadata = { title: "Users" };

const ROLE_OPTIONS = USER_ROLES.map((role) => ({ value: role, label: role }));

export default async function UsersPage() {
  await requireRole("admin", "/admin/users");
  const users = await listUsers(getDb());
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
    </div>
  );
}
