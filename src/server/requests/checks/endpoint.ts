import { and, eq } from "drizzle-orm";
import { connections } from "@/server/db/schema";
import { endpointRejectionReason, ENDPOINT_KIND } from "@/shared/validation/request";
import type { RequestCheck } from "./types";

export const endpointCheck: RequestCheck = {
  id: "endpoint",
  label: "Tunnel endpoint",
  async run({ tunnelType, remoteEndpoint }, { db }) {
    const kind = ENDPOINT_KIND[tunnelType];
    if (kind === "none") return { outcome: "info", detail: `${tunnelType} needs no endpoint` };
    if (!remoteEndpoint) return { outcome: kind === "ip" ? "fail" : "info", detail: "no endpoint given" };
    if (kind === "ip" || kind === "ip-optional") {
      const reason = endpointRejectionReason(remoteEndpoint);
      if (reason) return { outcome: "fail", detail: reason };
    }
    const sameEndpoint = await db
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.remoteEndpoint, remoteEndpoint), eq(connections.type, tunnelType)));
    if (sameEndpoint.length > 0) {
      return { outcome: "warn", detail: `${remoteEndpoint} is already the endpoint of connection ${sameEndpoint.map((c) => `#${c.id}`).join(", ")}` };
    }
    return { outcome: "pass", detail: kind === "zerotier" ? `ZeroTier node ${remoteEndpoint}` : `${remoteEndpoint} is a public unicast address` };
  },
};
