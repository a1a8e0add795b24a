import { z } from "zod";

/** Sorting and paging of the server-side tables (admin members and requests): query-string parameters. */
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const sortDirection = (fallback: SortDirection) => z.enum(SORT_DIRECTIONS, { error: "must be asc or desc" }).optional().default(fallback);

/** A filter select whose first option ("all") sends an empty value. */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.literal("")], { error: `must be one of: ${values.join(", ")}` }).optional().default("");
