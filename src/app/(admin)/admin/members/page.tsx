import type { Metadata } from "next";
import Link from "next/link";
import { Cell, DataTable, Row } from "@/components/data-table";
import { StateBadge } from "@/components/ip-status";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listMembers } from "@/server/members/list";
import { memberSearchSchema } from "@/shared/validation/member";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("volunteer", "/admin/members");
  const parsed = memberSearchSchema.safeParse(await searchParams);
  const search = parsed.success ? parsed.data : { q: "", page: 1 };
  const result = await listMembers(getDb(), search);
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const pageLink = (page: number) => `/admin/members?${new URLSearchParams({ q: search.q, page: String(page) })}`;
  return (
    <section className="space-y-4">
      <PageHeader title="Members" />
      <form className="flex gap-2" role="search">
        <input name="q" defaultValue={search.q} placeholder="Name, email, website, ASN or IP" className="w-80 rounded border border-slate-300 px-2 py-1.5 text-sm" />
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
          Search
        </button>
      </form>
      <p className="text-sm text-slate-600">
        {result.total} member{result.total === 1 ? "" : "s"}
        {search.q && ` matching “${search.q}”`}
      </p>
      <DataTable headers={["Name", "ASNs", "IPs (provisioned)", "Connections", "State"]}>
        {result.members.map((m) => (
          <Row key={m.id}>
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
          </Row>
        ))}
      </DataTable>
      {pages > 1 && (
        <nav className="flex gap-3 text-sm" aria-label="Pages">
          {search.page > 1 && <Link href={pageLink(search.page - 1)}>← Previous</Link>}
          <span>
            Page {search.page} of {pages}
          </span>
          {search.page < pages && <Link href={pageLink(search.page + 1)}>Next →</Link>}
        </nav>
      )}
    </section>
  );
}
