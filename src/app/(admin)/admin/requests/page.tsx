import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Cell, Row } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { SortableTable, TableSearchForm } from "@/components/sortable-table";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listRequests } from "@/server/requests/list";
import { REQUEST_STATES, TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { requestSearchSchema, type RequestSearch, type RequestSort } from "@/shared/validation/request";
import { pageCount, parseQueryLeniently, tableHref } from "@/shared/validation/table";

export const metadata: Metadata = { title: "Requests" };
export const dynamic = "force-dynamic";

const COLUMNS = [
  { label: "Request", sortKey: "name" },
  { label: "ASN", sortKey: "asn" },
  { label: "Tunnel" },
  { label: "State", sortKey: "state" },
  { label: "Sent (UTC)", sortKey: "created" },
] as const satisfies readonly { label: string; sortKey?: RequestSort }[];

const STATE_LABELS: Record<(typeof REQUEST_STATES)[number], string> = {
  unverified: "email not confirmed",
  pending: "pending review",
  approved: "approved",
  rejected: "rejected",
};

const when = (value: Date) => value.toISOString().slice(0, 16).replace("T", " ");

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("volunteer", "/admin/requests");
  const search: RequestSearch = parseQueryLeniently(requestSearchSchema, await searchParams);
  const result = await listRequests(getDb(), search);
  const link = (changes: Partial<RequestSearch>) => tableHref("/admin/requests", search, changes);
  const pages = pageCount(result.total, result.pageSize);
  // A page past the end (an old link, rows gone since) shows the last page rather than an empty table.
  if (search.page > pages) redirect(link({ page: pages }));
  return (
    <section className="space-y-4">
      <PageHeader title="Requests">
        Every peering request, newest first. Open ones are reviewed on the <Link href="/admin#requests" className="text-brand-700 underline">dashboard</Link>.
      </PageHeader>
      <TableSearchForm search={search} placeholder="Network, email or ASN" label="Search requests" states={REQUEST_STATES.map((state) => ({ value: state, label: STATE_LABELS[state] }))} />
      <p className="text-sm text-slate-600">
        {result.total} request{result.total === 1 ? "" : "s"}
        {search.q && ` matching “${search.q}”`}
        {search.state && ` (${STATE_LABELS[search.state]})`}
      </p>
      <SortableTable columns={COLUMNS} sort={search.sort} dir={search.dir} href={(sort, dir) => link({ sort, dir, page: 1 })} testId="requests-table">
        {result.requests.map((r) => (
          <Row key={r.id} testId="request-row">
            <Cell>
              <Link href={`/admin/requests/${r.id}`} className="text-brand-700 underline">
                #{r.id} {r.networkName}
              </Link>
              <div className="text-xs text-slate-500">{r.contactEmail}</div>
            </Cell>
            <Cell mono small>
              AS{r.asn}
            </Cell>
            <Cell small>
              {TUNNEL_TYPE_LABELS[r.tunnelType]} at {r.locationCode}
            </Cell>
            <Cell>{STATE_LABELS[r.state]}</Cell>
            <Cell small>{when(r.createdAt)}</Cell>
          </Row>
        ))}
      </SortableTable>
      <Pager page={search.page} pages={pages} href={(page) => link({ page })} />
    </section>
  );
}
