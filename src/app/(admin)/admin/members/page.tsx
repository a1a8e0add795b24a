import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Cell, Row } from "@/components/data-table";
import { StateBadge } from "@/components/ip-status";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { SortableTable, TableSearchForm } from "@/components/sortable-table";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listMembers } from "@/server/members/list";
import { LIFECYCLE_STATES } from "@/shared/enums";
import { memberSearchSchema, type MemberSearch, type MemberSort } from "@/shared/validation/member";
import { pageCount, parseQueryLeniently, tableHref } from "@/shared/validation/table";

export const metadata: Metadata = { title: "Members" };

const COLUMNS = [
  { label: "Name", sortKey: "name" },
  { label: "ASNs" },
  { label: "IPs (provisioned)" },
  { label: "Connections" },
  { label: "State", sortKey: "state" },
  { label: "Member since", sortKey: "created" },
] as const satisfies readonly { label: string; sortKey?: MemberSort }[];

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("volunteer", "/admin/members");
  const search: MemberSearch = parseQueryLeniently(memberSearchSchema, await searchParams);
  const result = await listMembers(getDb(), search);
  const link = (changes: Partial<MemberSearch>) => tableHref("/admin/members", search, changes);
  const pages = pageCount(result.total, result.pageSize);
  // A page past the end (an old link, rows gone since) shows the last page rather than an empty table.
  if (search.page > pages) redirect(link({ page: pages }));
  return (
    <section className="space-y-4">
      <PageHeader title="Members" />
      <TableSearchForm search={search} placeholder="Name, email, website, ASN or IP" label="Search members" states={LIFECYCLE_STATES.map((state) => ({ value: state, label: state }))} />
      <p className="text-sm text-slate-600">
        {result.total} member{result.total === 1 ? "" : "s"}
        {search.q && ` matching “${search.q}”`}
        {search.state && ` in state ${search.state}`}
      </p>
      <SortableTable columns={COLUMNS} sort={search.sort} dir={search.dir} href={(sort, dir) => link({ sort, dir, page: 1 })} testId="members-table">
        {result.members.map((m) => (
          <Row key={m.id} testId="member-row">
            <Cell>
              <Link href={`/admin/members/${m.id}`} className="text-brand-700 underline">
                {m.name}
              </Link>
              <div className="text-xs text-slate-500">{m.contactEmail}</div>
            </Cell>
            <Cell mono small>
              {m.asns.map((a) => `AS${a}`).join(" ")}
            </Cell>
            <Cell>
              {m.ips} ({m.provisionedIps})
            </Cell>
            <Cell>{m.connections}</Cell>
            <Cell>
              <StateBadge state={m.state} />
            </Cell>
            <Cell small>{m.createdAt.toISOString().slice(0, 10)}</Cell>
          </Row>
        ))}
      </SortableTable>
      <Pager page={search.page} pages={pages} href={(page) => link({ page })} />
    </section>
  );
}
