import type { UserRole } from "./enums";

/**
 * What an API token may do, one scope per kind of access; every /api/v1 route declares the one it needs
 * (apiRoute's `scope`). A scope also names the least role a user needs to hold it: a token can never do
 * more than its user, which is checked when it is created and again on every use (roles change).
 */
export const API_SCOPES = {
  "members:read": { role: "member", description: "read member records (a member: only their own)" },
  "members:write": { role: "member", description: "change member contacts (a member: only their own)" },
  "network:read": { role: "member", description: "read POPs, peering LANs and route servers" },
  "network:write": { role: "volunteer", description: "add POPs" },
  "requests:read": { role: "volunteer", description: "read the peering request queue" },
  "requests:write": { role: "volunteer", description: "decide on peering requests" },
  "routeservers:deploy": { role: "volunteer", description: "roll out route-server configuration" },
  "matrix:read": { role: "volunteer", description: "read the POP-to-POP connectivity matrix" },
  "matrix:report": { role: "volunteer", description: "report mesh probes (the tunnel servers' probe agent)" },
  "lan:report": { role: "volunteer", description: "report LAN observations (the tunnel servers' LAN watcher)" },
} as const satisfies Record<string, { role: UserRole; description: string }>;

export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

/** Scopes for tokens of the tunnel servers' agents (`ixp agent probe-mesh`, `ixp agent watch`): reports only. */
export const AGENT_SCOPES: readonly ApiScope[] = ["matrix:report", "lan:report"];
