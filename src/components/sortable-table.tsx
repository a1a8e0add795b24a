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

/**
 * The search box, state filter and Search button above a server-sorted table: a GET form, so it works without
 * JavaScript; the current sort rides along in hidden fields.
 */
export function TableSearchForm({
  search,
  placeholder,
  label,
  states,
}: {
  search: { q: string; state: string; sort: string; dir: string };
  placeholder: string;
  label: string;
  states: readonly { value: string; label: string }[];
}) {
  return (
    <form className="flex flex-wrap gap-2" role="search">
      <input name="q" defaultValue={search.q} placeholder={placeholder} aria-label={label} className="w-80 rounded border border-slate-300 px-2 py-1.5 text-sm" />
      <select name="state" defaultValue={search.state} aria-label="State" className="rounded border border-slate-300 px-2 py-1.5 text-sm">
        <option value="">All states</option>
        {states.map((state) => (
          <option key={state.value} value={state.value}>
            {state.label}
          </option>
        ))}
      </select>
      <input type="hidden" name="sort" value={search.sort} />
      <input type="hidden" name="dir" value={search.dir} />
      <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
        Search
      </button>
    </form>
  );
}
