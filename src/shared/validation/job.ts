import { z } from "zod";

/** Running one job once (CLI `ixp job run`, the Jobs page's "run now" button). */
export const jobRunSchema = z.object({
  name: z.string().trim().min(1, "say which job").max(64),
  now: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const date = new Date(value);
      if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: "custom", message: "must be an ISO time such as 2026-01-31T09:00:00Z" });
        return z.NEVER;
      }
      return date;
    }),
  dryRun: z.union([z.boolean(), z.stringbool()]).default(false),
});
export type JobRunInput = z.infer<typeof jobRunSchema>;
