import type { Metadata } from "next";
import Link from "next/link";
import { Cell, DataTable, Row } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { changedKeys } from "@/server/audit/log";
import { auditEntityTypes, auditFilterSchema, listAudit, AUDIT_PAGE_SIZE } from "@/server/audit/queries";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { parseQueryLeniently } from "@/shared/validation/table";

export const metadata: Metadata = { title: "Audit log" };

const show = (value: unknown) => (value === undefined ? "–" : JSON.stringify(value));

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("volunteer", "/admin/audit");
  const filter = parseQueryLeniently(auditFilterSchema, await searchParams);
  const [entries, types] = await Promise.all([listAudit(getDb(), filter), auditEntityTypes(getDb())]);
  const last = entries.at(-1);
  const older = new URLSearchParams({ ...(filter.entityType ? { entityType: filter.entityType } : {}), ...(filter.entityId ? { entityId: filter.entityId } : {}), before: String(last?.id ?? "") });

  return (
    <section className="space-y-4">
      <PageHeader title="Audit log" />
      <form className="flex flex-wrap items-end gap-2 text-sm">
        <label>
          <span className="block text-slate-600">Entity</span>
          <select name="entityType" defaultValue={filter.entityType ?? ""} className="rounded border border-slate-300 px-2 py-1.5">
            <option value="">all</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="block text-slate-600">Id (e.g. client id, ASN, address)</span>
          <input name="entityId" defaultValue={filter.entityId ?? ""} className="rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white">
          Filter
        </button>
      </form>
      <DataTable headers={["When (UTC)", "Who", "What", "Changes (before → after)"]}>
        {entries.map((entry) => (
          <Row key={entry.id} testId="audit-entry">
            <Cell>{entry.createdAt.toISOString().slice(0, 19).replace("T", " ")}</Cell>
            <Cell>{entry.actorEmail ?? entry.actor}</Cell>
            <Cell>
              {entry.action}{" "}
              <Link href={`/admin/audit?entityType=${encodeURIComponent(entry.entityType)}&entityId=${encodeURIComponent(entry.entityId)}`} className="text-brand-700 underline">
                {entry.entityType} {entry.entityId}
              </Link>
            </Cell>
            <Cell mono small>
              {changedKeys(entry.before, entry.after).map((key) => (
                <div key={key}>
                  {key}: {show(entry.before?.[key])} → {show(entry.after?.[key])}
                </div>
              ))}
            </Cell>
          </Row>
        ))}
      </DataTable>
      {entries.length === 0 && <p className="text-sm text-slate-600">Nothing recorded{filter.entityType ? " for this filter" : ""}.</p>}
      {entries.length === AUDIT_PAGE_SIZE && (
        <Link href={`/admin/audit?${older}`} className="text-sm text-brand-700 underline">
          Older entries →
        </Link>
      )}
    </section>
  );
}
