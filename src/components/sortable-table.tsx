import Link from "next/link";
import type { SortDirection } from "@/shared/validation/table";

export interface TableColumn<K extends string> {
  label: string;
  /** Set for columns the server can sort by. */
  sortKey?: K;
}

/**
 * A table whose sortable headers are plain links (the server sorts; no JavaScript needed). Clicking the
 * current sort column reverses it.
 */
export function SortableTable<K extends string>({
  columns,
  sort,
  dir,
  href,
  children,
  testId,
}: {
  columns: readonly TableColumn<K>[];
  sort: K;
  dir: SortDirection;
  href: (sort: K, dir: SortDirection) => string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead>
        <tr className="border-b border-slate-200 text-slate-600">
          {columns.map((column) => {
            const current = column.sortKey === sort;
            return (
              <th key={column.label} className="py-1 pr-3" aria-sort={current ? (dir === "asc" ? "ascending" : "descending") : undefined}>
                {column.sortKey ? (
                  <Link href={href(column.sortKey, current && dir === "asc" ? "desc" : "asc")} className="underline decoration-dotted hover:text-brand-700">
                    {column.label}
                    {current ? (dir === "asc" ? " ▲" : " ▼") : ""}
                  </Link>
                ) : (
                  column.label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Previous/next links and the page count, as plain links. */
export function Pager({ page, total, pageSize, href }: { page: number; total: number; pageSize: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="flex gap-3 text-sm" aria-label="Pages">
      {page > 1 && <Link href={href(page - 1)}>← Previous</Link>}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && <Link href={href(page + 1)}>Next →</Link>}
    </nav>
  );
}
