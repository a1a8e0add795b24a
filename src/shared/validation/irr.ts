import { z } from "zod";

/**
 * An AS-SET as members type it (AS-EXAMPLE, AS64500:AS-CUSTOMERS, RIPE::AS-EXAMPLE) or a plain
 * ASN. It becomes a bgpq4 argument, so nothing that could look like an option or a second word passes.
 */
export const AS_SET_PATTERN = /^(?:[A-Z0-9-]{1,16}::)?(?:AS\d{1,10}|(?:AS\d{1,10}:)?AS-[A-Z0-9_-]{1,80}(?::AS-[A-Z0-9_-]{1,80})*)$/i;

export const asSetSchema = z
  .string()
  .trim()
  .max(128, "must be at most 128 characters")
  .regex(AS_SET_PATTERN, "must be an AS-SET such as AS-EXAMPLE or AS64500:AS-CUSTOMERS, or an ASN such as AS64500")
  .transform((value) => value.toUpperCase());
