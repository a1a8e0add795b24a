import { z } from "zod";

/** A volunteer re-enables a deprovisioned IP (admin member page, API, CLI). */
export const reenableIpSchema = z.object({
  ipId: z.coerce.number().int().positive(),
  /** Off: the IP will not be warned or deprovisioned again (until it is seen up, which turns monitoring back on). */
  monitor: z.union([z.boolean(), z.stringbool()]).default(true),
});
export type ReenableIpInput = z.infer<typeof reenableIpSchema>;
