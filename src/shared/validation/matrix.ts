import { z } from "zod";

const popCode = z.string().trim().min(1).max(16);
const count = z.number().int().min(0).max(100_000);

/** What a tunnel server's mesh probe sends to the portal: per peer POP, the probes of one report period. */
export const meshReportSchema = z.object({
  pop: popCode,
  links: z
    .array(
      z
        .object({
          peer: popCode,
          sent: count,
          received: count,
          rttAvgMs: z.number().min(0).max(600_000).nullable().default(null),
        })
        .refine((link) => link.received <= link.sent, { message: "received must not exceed sent", path: ["received"] }),
    )
    .max(1000),
});

export type MeshReport = z.infer<typeof meshReportSchema>;
export type MeshReportInput = z.input<typeof meshReportSchema>;

/** `ixp matrix show` and GET /api/v1/matrix: which matrix. */
export const matrixViewSchema = z.object({ view: z.enum(["pops", "members"]).default("pops") });
