import { z } from "zod";

const popCode = z.string().trim().min(1).max(16);
const count = z.number().int().min(0).max(100_000);

const linkReport = z
  .object({
    peer: popCode,
    sent: count,
    received: count,
    rttAvgMs: z.number().min(0).max(600_000).nullable().default(null),
  })
  .refine((link) => link.received <= link.sent, { message: "received must not exceed sent", path: ["received"] });

/** What a tunnel server's mesh probe sends to the portal: per peer POP, the probes of one report period. */
export const meshReportSchema = z
  .object({ pop: popCode, links: z.array(linkReport).max(1000) })
  .refine((report) => report.links.every((link) => link.peer !== report.pop), { message: "a POP does not probe itself", path: ["links"] });

export type MeshReport = z.infer<typeof meshReportSchema>;
export type MeshReportInput = z.input<typeof meshReportSchema>;
