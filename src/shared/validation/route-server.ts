import { z } from "zod";
import { checkbox, idSchema, optional, optionalText, wholeNumber } from "./form";
import { addressSchema } from "./ip";

/** A route server: where it runs, its addresses on the LAN, and how the portal reaches its BIRD. */
export const routeServerInputSchema = z
  .object({
    name: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be lower-case letters, digits and -, e.g. rs1"),
    locationId: idSchema,
    lanId: idSchema,
    asn: wholeNumber(1, 4294967294),
    routerId: addressSchema("ipv4"),
    ipv4Address: optional(addressSchema("ipv4")),
    ipv6Address: optional(addressSchema("ipv6")),
    controlSocket: z.string().trim().regex(/^\/[A-Za-z0-9_.\/-]{1,254}$/, "must be an absolute path such as /run/bird/bird.ctl").default("/run/bird/bird.ctl"),
    sshHost: optional(z.string().trim().regex(/^[A-Za-z0-9]([A-Za-z0-9.:-]{0,253}[A-Za-z0-9])?$/, "must be a host name or an address")),
    sshUser: optionalText(64).refine((user) => user === null || /^[a-z_][a-z0-9_-]*$/.test(user), "must be a Unix user name"),
    active: checkbox,
  })
  .superRefine((rs, ctx) => {
    if (!rs.ipv4Address && !rs.ipv6Address) ctx.addIssue({ code: "custom", path: ["ipv4Address"], message: "give an IPv4 address, an IPv6 address or both" });
    if (rs.sshUser && !rs.sshHost) ctx.addIssue({ code: "custom", path: ["sshHost"], message: "an SSH user needs an SSH host" });
  });
export type RouteServerInput = z.output<typeof routeServerInputSchema>;

export const routeServerUpdateSchema = z.intersection(z.object({ id: idSchema }), routeServerInputSchema);
export type RouteServerUpdate = z.output<typeof routeServerUpdateSchema>;
