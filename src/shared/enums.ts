/** Vocabulary shared by the database, the UI, the API and the CLI: the one place these lists live. */

export const TUNNEL_TYPES = ["vxlan", "eoip", "openvpn", "zerotier", "local", "custom"] as const;
export type TunnelType = (typeof TUNNEL_TYPES)[number];

export const TUNNEL_TYPE_LABELS: Record<TunnelType, string> = {
  vxlan: "VXLAN",
  eoip: "EoIP (MikroTik)",
  openvpn: "OpenVPN (tap)",
  zerotier: "ZeroTier",
  local: "Local ethernet",
  custom: "Custom layer 2",
};

/** IX-API lifecycle vocabulary, used for connections, IPs and clients. */
export const LIFECYCLE_STATES = [
  "requested",
  "allocated",
  "testing",
  "production",
  "decommission_requested",
  "decommissioned",
  "error",
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export const REQUEST_STATES = ["unverified", "pending", "approved", "rejected"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** How a requester proved they hold the ASN (docs/ASN-PROOF.md); their own confirmed email is not a proof of the ASN. */
export const ASN_PROOF_KINDS = ["registry_contact", "peeringdb"] as const;
export type AsnProofKind = (typeof ASN_PROOF_KINDS)[number];

export const USER_ROLES = ["member", "volunteer", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const LOCATION_MODES = ["full", "satellite"] as const;
export type LocationMode = (typeof LOCATION_MODES)[number];

/** How a peering LAN hands out addresses. ipv4_mirror puts the IPv4 host part into the IPv6 address. */
export const ALLOCATION_SCHEMES = ["sequential", "ipv4_mirror", "asn_embedded"] as const;
export type AllocationScheme = (typeof ALLOCATION_SCHEMES)[number];

export const PEERING_POLICIES = ["open", "selective", "case-by-case", "mandatory"] as const;
export type PeeringPolicy = (typeof PEERING_POLICIES)[number];

/** IX-F member types. */
export const MEMBER_TYPES = ["peering", "ixp", "other"] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];

export const BGP_SESSION_STATES = ["unknown", "up", "down"] as const;
export type BgpSessionState = (typeof BGP_SESSION_STATES)[number];

export const PING_STATES = ["up", "down"] as const;
export type PingState = (typeof PING_STATES)[number];

export const OUTBOX_STATES = ["pending", "sent", "failed"] as const;
/** How a sent email left: handed to an SMTP server, or only kept in the outbox (no SMTP_URL). */
export const MAIL_DELIVERIES = ["smtp", "mailbox"] as const;
export type MailDelivery = (typeof MAIL_DELIVERIES)[number];
export const JOB_OUTCOMES = ["running", "ok", "error", "skipped"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

export const IP_FAMILIES = [4, 6] as const;
export type IpFamily = (typeof IP_FAMILIES)[number];

/** What a maintenance window covers: one POP, one route server, or the whole IX. */
export const MAINTENANCE_SCOPES = ["pop", "route-server", "ix"] as const;
export type MaintenanceScope = (typeof MAINTENANCE_SCOPES)[number];
export const MAINTENANCE_SCOPE_LABELS: Record<MaintenanceScope, string> = { pop: "A POP", "route-server": "A route server", ix: "The whole IX" };
/** What the LAN watcher reports about a POP's IX bridge (docs/OPERATIONS.md, "LAN hygiene"). */
export const LAN_FINDING_KINDS = ["unregistered_mac", "ip_wrong_mac", "unallocated_ip", "duplicate_ip", "proxy_arp", "foreign_frame"] as const;
export type LanFindingKind = (typeof LAN_FINDING_KINDS)[number];
