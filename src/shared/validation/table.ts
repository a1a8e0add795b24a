import { z } from "zod";

/** Sorting and paging of the server-side tables (admin members and requests): query-string parameters. */
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const sortDirection = (fallback: SortDirection) => z.enum(SORT_DIRECTIONS, { error: "must be asc or desc" }).optional().default(fallback);

/** A filter select whose first option ("all") sends an empty value. */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.literal("")], { error: `must be one of: ${values.join(", ")}` }).optional().default("");

/**
 * A page's query string read through the same schema the API uses, but forgiving: a parameter that does not
 * parse falls back to its default, so one bad value (`?q=fmt&page=abc`) keeps the rest of the search. The API
 * still answers the same input with a 400 that names the field.
 */
export function parseQueryLeniently<S extends z.ZodObject>(schema: S, params: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const bad = new Set(result.error.issues.map((issue) => String(issue.path[0])));
  const rest = schema.safeParse(Object.fromEntries(Object.entries(params).filter(([key]) => !bad.has(key))));
  return rest.success ? rest.data : schema.parse({});
}

/** The search of a server-side admin table, as its query string reads it. */
export interface TableSearch {
  q: string;
  state: string;
  sort: string;
  dir: SortDirection;
  page: number;
}

/** The table's URL with `changes` applied to its search (sort links, pager, search form all keep the rest). */
export function tableHref<S extends TableSearch>(path: string, search: S, changes: Partial<S> = {}): string {
  const next = { ...search, ...changes };
  return `${path}?${new URLSearchParams({ q: next.q, state: next.state, sort: next.sort, dir: next.dir, page: String(next.page) })}`;
}

/** How many pages `total` rows make (at least one, so an empty table is page 1 of 1). */
export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));
