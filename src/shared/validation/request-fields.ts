import type { TunnelType } from "@/shared/enums";

// What the request form in the browser needs of the request's rules. No zod here: zod probes eval()
// when a schema is defined, which the Content-Security-Policy reports as a violation.

/** Which endpoint a tunnel type needs from the member. */
export const ENDPOINT_KIND: Record<TunnelType, "ip" | "ip-optional" | "zerotier" | "none"> = {
  vxlan: "ip",
  eoip: "ip",
  // OpenVPN members dial in, often from a dynamic address.
  openvpn: "ip-optional",
  zerotier: "zerotier",
  local: "none",
  custom: "none",
};

/** The name of the field that people never see and bots fill in. */
export const HONEYPOT_FIELD = "fax";
