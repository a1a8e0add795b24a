import type { Metadata } from "next";
import { ActionForm } from "@/components/form/action-form";
import { SelectField, TextField } from "@/components/form/fields";
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
        <h1 className="text-2xl font-bold text-brand-900">Users</h1>
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="py-1 pr-3">Email</th>
              <th className="py-1 pr-3">Name</th>
              <th className="py-1 pr-3">Role</th>
              <th className="py-1">Member</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-b border-slate-100">
                <td className="py-2 pr-3">{user.email}</td>
                <td className="py-2 pr-3">{user.name ?? "–"}</td>
                <td className="py-2 pr-3">{user.role}</td>
                <td className="py-2">{user.clientName ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="add-user-heading">
        <h2 id="add-user-heading" className="text-lg font-semibold">
          Add a user or change a role
        </h2>
        <p className="text-sm text-slate-600">An existing email keeps its account and gets the new role. Members need an ASN of their network.</p>
        <ActionForm action={saveUser} submitLabel="Save user">
          <div className="grid gap-3 sm:grid-cols-4">
            <TextField name="email" label="Email" type="email" required />
            <TextField name="name" label="Name" />
            <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue="member" />
            <TextField name="clientAsn" label="ASN (members)" placeholder="AS64500" />
          </div>
        </ActionForm>
      </section>
    </div>
  );
}
