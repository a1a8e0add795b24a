import { z } from "zod";

/** ZeroTier identifiers, as the controller API, the request form and the POP form all need them. */
export const zerotierNodeIdSchema = z.string().regex(/^[0-9a-f]{10}$/, "must be a ZeroTier node id: 10 hexadecimal digits, e.g. 89e92ceee5");
export const zerotierNetworkIdSchema = z.string().regex(/^[0-9a-f]{16}$/, "must be a 16-digit hexadecimal ZeroTier network id");
