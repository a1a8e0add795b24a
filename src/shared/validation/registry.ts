import { z } from "zod";

/** The IX's registry objects the portal generates. */
export const REGISTRY_KINDS = ["as-set", "aut-num"] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

/** "Mark as published" (admin Registry page, `ixp registry publish`). */
export const registryPublishSchema = z.object({
  kind: z.enum(REGISTRY_KINDS, { error: `must be one of: ${REGISTRY_KINDS.join(", ")}` }),
  /** The SHA-256 of the text the volunteer reviewed; the page always sends it. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be the SHA-256 of the reviewed text (64 hex digits)")
    .optional(),
});
export type RegistryPublishInput = z.infer<typeof registryPublishSchema>;
