import { z } from "zod";
import { ALLOCATION_SCHEMES } from "@/shared/enums";
import { checkbox, idSchema, optional, requiredText, wholeNumber } from "./form";
import { addressSchema, compareAddresses, prefixSchema } from "./ip";

/** A peering LAN: its prefixes, how addresses are handed out, and its IX-F vlan id. */
export const lanInputSchema = z
  .object({
    name: requiredText(64),
    ipv4Prefix: optional(prefixSchema("ipv4")),
    ipv6Prefix: optional(prefixSchema("ipv6")),
    allocationScheme: z.enum(ALLOCATION_SCHEMES, { error: `must be one of: ${ALLOCATION_SCHEMES.join(", ")}` }).default("sequential"),
    ixfVlanId: wholeNumber(0, 2 ** 31 - 1),
    vlanTag: optional(wholeNumber(1, 4094)),
    mtu: wholeNumber(1280, 9216).default(1500),
    active: checkbox,
  })
  .superRefine((lan, ctx) => {
    if (!lan.ipv4Prefix && !lan.ipv6Prefix) ctx.addIssue({ code: "custom", path: ["ipv4Prefix"], message: "give an IPv4 prefix, an IPv6 prefix or both" });
    const v4Length = lan.ipv4Prefix ? Number(lan.ipv4Prefix.split("/")[1]) : null;
    const v6Length = lan.ipv6Prefix ? Number(lan.ipv6Prefix.split("/")[1]) : null;
    if (v4Length !== null && v4Length > 30) ctx.addIssue({ code: "custom", path: ["ipv4Prefix"], message: "must be a /30 or larger to hold members" });
    if (v6Length !== null && v6Length > 64) ctx.addIssue({ code: "custom", path: ["ipv6Prefix"], message: "must be a /64 or larger" });
    if (lan.allocationScheme === "ipv4_mirror" && (!lan.ipv4Prefix || !lan.ipv6Prefix)) {
      ctx.addIssue({ code: "custom", path: ["allocationScheme"], message: "mirroring IPv4 into IPv6 needs both prefixes" });
    }
    if (lan.allocationScheme === "asn_embedded" && !lan.ipv6Prefix) {
      ctx.addIssue({ code: "custom", path: ["allocationScheme"], message: "embedding the ASN needs an IPv6 prefix" });
    }
  });
export type LanInput = z.output<typeof lanInputSchema>;

export const lanUpdateSchema = z.intersection(z.object({ id: idSchema }), lanInputSchema);
export type LanUpdate = z.output<typeof lanUpdateSchema>;

const anyAddress = z.string().trim().pipe(z.union([addressSchema("ipv4"), addressSchema("ipv6")], { error: "must be an IPv4 or IPv6 address" }));

/** A range of LAN addresses never handed to members; the service checks it lies inside the LAN's prefix. */
export const lanReservationInputSchema = z
  .object({
    lanId: idSchema,
    firstAddress: anyAddress,
    lastAddress: anyAddress,
    purpose: requiredText(128),
  })
  .superRefine((r, ctx) => {
    if (r.firstAddress.includes(":") !== r.lastAddress.includes(":")) {
      ctx.addIssue({ code: "custom", path: ["lastAddress"], message: "must be of the same family as the first address" });
    } else if (compareAddresses(r.firstAddress, r.lastAddress) > 0) {
      ctx.addIssue({ code: "custom", path: ["lastAddress"], message: "must not come before the first address" });
    }
  });
export type LanReservationInput = z.output<typeof lanReservationInputSchema>;

export const lanReservationDeleteSchema = z.object({ id: idSchema });
