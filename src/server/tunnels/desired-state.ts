import { isIP } from "node:net";
import { z } from "zod";

/**
 * The contract between the portal and the agent on a tunnel server: what one POP's bridge and
 * tunnel interfaces should look like. Free of DB imports so the agent can ship alone.
 */

/** Every interface the agent creates starts with this; it never touches other names it did not get as a port. */
export const MANAGED_PREFIX = "ixp";
/** ifalias written on bridge ports the agent attached but did not create (local / custom ports). */
export const PORT_MARKER = "ixp-agent:port";

/** Kernel interface names: at most 15 characters, no slash, no whitespace, nothing a shell cares about. */
export const interfaceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/, "must be 1-15 letters, digits, '_', '.', '-'");
const ipAddress = z.string().refine((value) => isIP(value) !== 0, "must be an IPv4 or IPv6 address");
const vni = z.number().int().min(1).max(16_777_215);
const udpPort = z.number().int().min(1).max(65_535);

const managedName = interfaceName.refine((name) => name.startsWith(MANAGED_PREFIX), `must start with "${MANAGED_PREFIX}"`);

export const vxlanInterfaceSchema = z.object({
  kind: z.literal("vxlan"),
  name: managedName,
  vni,
  port: udpPort,
  /** Point-to-point peer; absent for the mesh device, which floods to `flood` instead. */
  remote: ipAddress.optional(),
  local: ipAddress.optional(),
  /** Head-end replication list (all-zero FDB entries) for the POP mesh. */
  flood: z.array(ipAddress).default([]),
  learning: z.boolean().default(true),
  role: z.enum(["member", "mesh", "uplink", "satellite"]),
  comment: z.string().max(200).default(""),
});

/** A persistent tap the agent creates and an OpenVPN or EoIP daemon opens. */
export const tapInterfaceSchema = z.object({
  kind: z.literal("tap"),
  name: managedName,
  role: z.enum(["openvpn", "eoip"]),
  comment: z.string().max(200).default(""),
});

/** An existing interface (local ethernet, custom L2) that only gets attached to the bridge. */
export const portInterfaceSchema = z.object({
  kind: z.literal("port"),
  name: interfaceName,
  role: z.enum(["local", "custom"]),
  comment: z.string().max(200).default(""),
});

export const desiredInterfaceSchema = z.discriminatedUnion("kind", [vxlanInterfaceSchema, tapInterfaceSchema, portInterfaceSchema]);

/** LAN hygiene: a member port locked to its registered MAC addresses (bridge port "locked", static FDB entries). */
export const macFilterSchema = z.object({
  port: interfaceName,
  macs: z.array(z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, "must be a lower-case MAC address")).min(1),
});

export const meshLinkSchema = z.object({
  peer: z.string(),
  relation: z.enum(["full-mesh", "uplink", "satellite"]),
  interface: interfaceName,
  vni,
  remote: ipAddress,
});

export const desiredStateSchema = z
  .object({
    version: z.literal(1),
    location: z.string(),
    bridge: z.object({ name: interfaceName, mtu: z.number().int().min(1280).max(9216).default(1500) }),
    interfaces: z.array(desiredInterfaceSchema),
    mesh: z.array(meshLinkSchema).default([]),
    macFilter: z.array(macFilterSchema).default([]),
  })
  .superRefine((state, ctx) => {
    const seen = new Set<string>([state.bridge.name]);
    for (const [index, item] of state.interfaces.entries()) {
      if (seen.has(item.name)) ctx.addIssue({ code: "custom", path: ["interfaces", index, "name"], message: `duplicate interface ${item.name}` });
      seen.add(item.name);
    }
    const vnis = new Set<string>();
    for (const [index, item] of state.interfaces.entries()) {
      if (item.kind !== "vxlan") continue;
      const key = `${item.vni}/${item.port}`;
      if (vnis.has(key)) ctx.addIssue({ code: "custom", path: ["interfaces", index, "vni"], message: `VNI ${item.vni} on UDP port ${item.port} is used twice` });
      vnis.add(key);
    }
  });

export type DesiredState = z.infer<typeof desiredStateSchema>;
export type DesiredInterface = z.infer<typeof desiredInterfaceSchema>;
export type VxlanInterface = z.infer<typeof vxlanInterfaceSchema>;
export type MeshLink = z.infer<typeof meshLinkSchema>;
export type MacFilter = z.infer<typeof macFilterSchema>;
