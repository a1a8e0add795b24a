import { isIP } from "node:net";
import { z } from "zod";
import { checkbox, idSchema } from "./form";

/**
 * What the LAN watcher on a tunnel server sends the portal (POST /api/v1/lan/observations, `ixp lan report`):
 * who was seen on the IX bridge, nothing judged yet. The portal decides what is wrong, with its registry.
 */

const mac = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, "must be a MAC address such as 02:00:5e:10:00:01");

export const lanObservationSchema = z.object({
  /** The bridge port the MAC was learned on; "" when the bridge had not learned it (yet). */
  port: z.string().regex(/^([A-Za-z0-9][A-Za-z0-9_.-]{0,14})?$/, "must be an interface name"),
  mac,
  /** An address this MAC claimed in ARP or neighbour discovery. */
  ip: z
    .string()
    .refine((value) => isIP(value) !== 0, "must be an IPv4 or IPv6 address")
    .optional(),
  /** A frame that is not IP, ARP or ND (or is DHCP), as tcpdump names it, e.g. "STP" or "LLDP (0x88cc)". */
  frame: z.string().max(100).optional(),
});

export const lanReportSchema = z.object({
  /** The POP code. */
  location: z.string().trim().min(1).max(16),
  observations: z.array(lanObservationSchema).max(10_000, "at most 10000 observations per report"),
});

export type LanObservation = z.output<typeof lanObservationSchema>;
export type LanReport = z.output<typeof lanReportSchema>;

/** The per-POP switch on the POP's admin page. */
export const enforceMacsSchema = z.object({
  pop: z.string().trim().min(1).max(16),
  enforce: checkbox,
});

export const resolveFindingSchema = z.object({ findingId: idSchema });
