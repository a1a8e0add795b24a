import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";
import { isIpAddressOrPrefix } from "@/shared/validation/ip";
import { TUNNEL_TYPES, type TunnelType } from "@/shared/enums";
import { phoneSchema } from "@/shared/validation/member";

/**
 * The one place configuration is read. Every variable has a safe default except secrets,
 * which the modules that need them demand (see requireSecret).
 */
const booleanFlag = z.stringbool().default(false);
const addressList = z
  .string()
  .transform((list) => list.split(",").map((item) => item.trim()).filter(Boolean))
  .refine((items) => items.every(isIpAddressOrPrefix), "must be a comma-separated list of addresses or prefixes, e.g. 127.0.0.1,10.0.0.0/8,::1")
  .default([]);
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const RPSL_NAME = /^[A-Za-z][A-Za-z0-9_-]{1,79}$/;
const IF_SPEEDS = new RegExp(`^(?:${TUNNEL_TYPES.join("|")})=\\d{1,7}(?:,(?:${TUNNEL_TYPES.join("|")})=\\d{1,7})*$`);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .url({ protocol: /^mysql$/, error: "must be a mysql:// URL, e.g. mysql://root@127.0.0.1:3306/ixp" })
    .default("mysql://root@127.0.0.1:3306/ixp"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  APP_URL: z.url({ error: "must be the portal's public base URL, e.g. https://portal.example.net" }).default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** smtp://user:pass@host:port; unset means mail is kept in the outbox and shown on the admin mailbox page. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().min(3).default("IXP Portal <noreply@localhost>"),
  SECRETS_DIR: z.string().min(1).default(".data/secrets"),
  IX_NAME: z.string().min(1).default("Demo Internet Exchange"),
  IX_SHORTNAME: z.string().min(1).max(32).default("DEMO-IX"),
  IX_COUNTRY: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code such as US").default("US"),
  IX_URL: z.url().default("http://localhost:3000"),
  IX_SUPPORT_EMAIL: z.email().default("support@example.net"),
  /** Optional IX contacts, published in the IX-F export when set. */
  IX_SUPPORT_PHONE: phoneSchema.optional(),
  IX_SUPPORT_HOURS: z.string().max(32).optional(),
  IX_EMERGENCY_EMAIL: z.email().optional(),
  IX_EMERGENCY_PHONE: phoneSchema.optional(),
  IX_BILLING_EMAIL: z.email().optional(),
  IX_ASN: z.coerce.number().int().min(1).max(4294967294).default(64500),
  IXF_IXP_ID: z.coerce.number().int().min(0).default(1),
  /** The IX's id in the IX-F database (https://db.ix-f.net); left out of the export until set. */
  IXF_ID: z.coerce.number().int().min(1, "must be your IX's id in the IX-F database (https://db.ix-f.net); leave it unset until you have one").optional(),
  /** if_speed (Mbit/s) in the IX-F export per tunnel type, e.g. "openvpn=200,local=10000"; unlisted types keep their default. */
  IXF_IF_SPEED_MBPS: z
    .string()
    .regex(IF_SPEEDS, `must be a list such as "openvpn=200,local=10000" (types: ${TUNNEL_TYPES.join(", ")})`)
    .optional()
    .transform((list) => Object.fromEntries((list?.split(",") ?? []).map((pair) => pair.split("=")).map(([type, mbps]) => [type, Number(mbps)])) as Partial<Record<TunnelType, number>>),
  IX_PEERINGDB_ID: z.coerce.number().int().min(0).optional(),
  /** Where the last good IX-F export is kept (shared storage when several web replicas serve it). */
  IXF_EXPORT_PATH: z.string().min(1).default(".data/ixf/ixf.json"),
  /** The web regenerates the export on request when the worker has not refreshed it for this long. */
  IXF_STALE_AFTER_SECONDS: z.coerce.number().int().min(60).default(1800),
  /** Unset: no lookups (the request check then says it was not run); production sets https://www.peeringdb.com. */
  PEERINGDB_URL: z.url({ error: "must be the PeeringDB base URL, e.g. https://www.peeringdb.com" }).optional(),
  /** Optional: raises PeeringDB's rate limits. */
  PEERINGDB_API_KEY: z.string().min(1).optional(),
  PEERINGDB_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  /** "Sign in with PeeringDB" as proof of ASN holdership (docs/ASN-PROOF.md): off unless both are set. */
  PEERINGDB_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  PEERINGDB_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  /** PeeringDB's OAuth server: /oauth2/authorize/, /oauth2/token/ and /profile/v1 below it. */
  PEERINGDB_OAUTH_URL: z.url({ error: "must be the PeeringDB OAuth base URL, e.g. https://auth.peeringdb.com" }).default("https://auth.peeringdb.com"),
  /** IANA's RDAP bootstrap registry of ASNs (RFC 9224): which RIR's RDAP service holds an ASN's record. */
  RDAP_BOOTSTRAP_URL: z.url({ error: "must be the URL of an RFC 9224 ASN bootstrap file" }).default("https://data.iana.org/rdap/asn.json"),
  RDAP_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  /** Accept private-use ASNs on requests (only sensible for lab IXes). */
  ALLOW_PRIVATE_ASNS: booleanFlag,
  /**
   * Reverse proxies in front of the portal, for the client address the per-address limit counts
   * (src/server/http/client-address.ts). 0 and none: the socket's peer, whatever X-Forwarded-For says.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  TRUSTED_PROXIES: addressList,
  /** Peering requests accepted per client address (IPv6: per /64), and per contact email, in each clock hour (UTC). */
  REQUEST_LIMIT_PER_IP: z.coerce.number().int().min(1).default(5),
  REQUEST_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).default(3),
  /** How long the email verification link of a peering request stays valid. */
  REQUEST_VERIFY_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  /** Route servers (docs/ROUTESERVER.md): where deploys write bird.conf and which bird checks it. */
  RS_CONFIG_DIR: z.string().min(1).default("/etc/bird"),
  BIRD_BINARY: z.string().min(1).default("bird"),
  RS_IPV4_MIN_LENGTH: z.coerce.number().int().min(1).max(32).default(8),
  RS_IPV4_MAX_LENGTH: z.coerce.number().int().min(1).max(32).default(24),
  RS_IPV6_MIN_LENGTH: z.coerce.number().int().min(1).max(128).default(16),
  RS_IPV6_MAX_LENGTH: z.coerce.number().int().min(1).max(128).default(48),
  RS_MAX_AS_PATH_LENGTH: z.coerce.number().int().min(1).max(255).default(32),
  RS_MAX_PREFIX_DEFAULT_V4: z.coerce.number().int().min(1).default(1000),
  RS_MAX_PREFIX_DEFAULT_V6: z.coerce.number().int().min(1).default(500),
  RS_MAX_PREFIX_ACTION: z.enum(["restart", "block", "disable", "warn"]).default("restart"),
  /** Receive limit (every route a member sends, filtered or not) = max-prefix × this factor. */
  RS_RECEIVE_LIMIT_FACTOR: z.coerce.number().min(1).max(1000).default(4),
  /** Members without a max-prefix get their PeeringDB prefix count plus this many percent (at least +10). */
  RS_MAX_PREFIX_PEERINGDB_MARGIN: z.coerce.number().int().min(0).max(1000).default(20),
  /** RFC 7999 blackholing: accepted from this prefix length to host routes (default: host routes only). */
  RS_BLACKHOLE_MIN_LENGTH_V4: z.coerce.number().int().min(8).max(32).default(32),
  RS_BLACKHOLE_MIN_LENGTH_V6: z.coerce.number().int().min(16).max(128).default(128),
  /** The IX's blackhole address per family on the peering LAN; unset keeps the member's next hop. */
  RS_BLACKHOLE_NEXT_HOP_V4: z.ipv4({ error: "must be an IPv4 address on the peering LAN" }).optional(),
  RS_BLACKHOLE_NEXT_HOP_V6: z.ipv6({ error: "must be an IPv6 address on the peering LAN" }).optional(),
  /** The BIRD version the route servers run: newer features (BGP roles: 2.0.11) are rendered only when it has them. */
  RS_TARGET_BIRD_VERSION: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "must be a BIRD version such as 2.0.12").default("2.0.12"),
  /** Route servers tag every route they export with GRACEFUL_SHUTDOWN (RFC 8326) from this many minutes before their maintenance window. */
  MAINTENANCE_GSHUT_LEAD_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  /** "peeringdb": reject paths through networks flagged "never via route servers" there (list refreshed with the IRR job). */
  RS_NEVER_VIA_ROUTE_SERVERS: z.enum(["off", "peeringdb"]).default("off"),
  /** "peer": next hop must be the session's address; "same-asn": any LAN address of the same ASN. */
  RS_NEXT_HOP_POLICY: z.enum(["peer", "same-asn"]).default("peer"),
  /** Members without a stored IRR list: accept only their own origin ASN ("origin-only") or nothing. */
  RS_IRR_MISSING: z.enum(["origin-only", "reject"]).default("origin-only"),
  /** RTR validator as host:port; unset disables RPKI ROV. */
  RS_RTR_SERVER: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "must be host:port").optional(),
  /** IRR whois server bgpq4 asks (e.g. rr.ntt.net); unset: no fetching, the stored prefix lists are used. */
  IRR_SERVER: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*(:\d{1,5})?$/, "must be host or host:port").optional(),
  IRR_SOURCES: z.string().regex(/^[A-Z0-9,-]*$/, "must be a comma-separated list such as RIPE,ARIN,RADB").default(""),
  BGPQ4_BINARY: z.string().min(1).default("bgpq4"),
  IRR_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  /** Run fping inside this network namespace (demo and tests): probes then never leave the machine. */
  PING_NETNS: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a network namespace name").optional(),
  /** Without PING_NETNS the ping monitor stays idle unless this is true (real deployments). */
  PING_ENABLED: booleanFlag,
  /** Consecutive lost probes (one per second) before an IP counts as down. */
  PING_DOWN_AFTER_LOSSES: z.coerce.number().int().min(1).max(60).default(3),
  /** fping -i: pause between two probes of one process. 0 sends each second's probes in one burst (least CPU). */
  PING_SEND_INTERVAL_MS: z.coerce.number().min(0).max(10).default(0),
  /** One fping sustains about 6,500 probes/s; larger target lists are split across processes. */
  PING_TARGETS_PER_PROCESS: z.coerce.number().int().min(1).max(6000).default(6000),
  /** Warn members whose route-server sessions have all been down this many days... */
  WARN_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(3),
  /** ...and again every this many days until they are deprovisioned. */
  WARN_REPEAT_DAYS: z.coerce.number().int().min(1).max(365).default(3),
  /** Clear `provisioned` after all sessions have been down this many days. */
  DEPROVISION_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Daily time (UTC, HH:MM) of the warning and deprovisioning jobs. */
  WARN_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a UTC time HH:MM such as 09:00")
    .default("09:00"),
  /** Per-minute ping statistics are kept this many days (10,000 IPs write 14 million rows a day). */
  PING_ROLLUP_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  JOB_RUNS_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Override job schedules, e.g. "outbox=*/10 * * * * *;warnings=0 0 8 * * *" (node-cron, seconds first).
  JOB_SCHEDULES: z.string().optional(),
  /** Lifetime of a job, deploy or service lease (docs/SCALING.md): how long a dead worker's lease blocks the others. */
  LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** The IX bridge on every tunnel server, into which all member tunnels and the POP mesh are bridged. */
  TUNNEL_BRIDGE: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/, "must be a Linux interface name (1-15 characters)").default("br-ixp"),
  /** VNI and UDP port of the VXLAN full mesh between full POPs (satellite uplinks use each satellite's mesh VNI). */
  TUNNEL_MESH_VNI: z.coerce.number().int().min(1).max(16_777_215).default(9000),
  TUNNEL_MESH_PORT: z.coerce.number().int().min(1).max(65_535).default(4789),
  /** Where Ansible puts the rendered OpenVPN server files on a tunnel server. */
  OPENVPN_SERVER_DIR: z.string().regex(/^\/[A-Za-z0-9_./-]*$/, "must be an absolute path").default("/etc/openvpn/server/ixp"),
  /** ZeroTier network controller (its JSON API) and its auth token (X-ZT1-Auth). */
  ZEROTIER_CONTROLLER_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:9993"),
  ZEROTIER_TOKEN: z.string().min(1).optional(),
  /** GET /metrics: the bearer token Prometheus sends, and/or client addresses allowed without it; neither set: off (404). */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),
  METRICS_ALLOWED: addressList,
  /** Scrapes within this many seconds share one read of the database. */
  METRICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** Reverse DNS (docs/OPERATIONS.md): the IX's domain; unset turns reverse zones off. */
  RDNS_DOMAIN: z.string().regex(DOMAIN_NAME, "must be a domain name such as ix.example.net").optional(),
  /** PTR names: {asn}, {pop} (the connection's POP code), {lan}, {ip} (dashes) and {domain}; empty labels are dropped. */
  RDNS_NAME_TEMPLATE: z
    .string()
    .regex(/^(?:[A-Za-z0-9.-]|\{(?:asn|pop|lan|ip|domain)\})+$/, "must be a name such as as{asn}.{pop}.{domain} (placeholders: {asn}, {pop}, {lan}, {ip}, {domain})")
    .default("as{asn}.{pop}.{domain}"),
  /** The zones' NS records (the first is the SOA's primary); unset: ns1.RDNS_DOMAIN. */
  RDNS_NAMESERVERS: z
    .string()
    .transform((list) => list.split(",").map((item) => item.trim()).filter(Boolean))
    .refine((names) => names.every((name) => DOMAIN_NAME.test(name)), "must be a comma-separated list of host names, e.g. ns1.ix.example.net,ns2.ix.example.net")
    .default([]),
  /** The SOA's contact mailbox; unset: hostmaster@RDNS_DOMAIN. */
  RDNS_HOSTMASTER: z.email().optional(),
  RDNS_TTL: z.coerce.number().int().min(60).max(604_800).default(3600),
  /** Where `ixp dns render` and the dns-render job write the zone files (checked with named-checkzone first). */
  RDNS_ZONE_DIR: z.string().min(1).default(".data/dns"),
  /** Optional RFC 2136 push: the authoritative server (host or host:port) and its TSIG key as algorithm:name:secret. */
  RDNS_UPDATE_SERVER: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, "must be host or host:port, e.g. 192.0.2.53:53").optional(),
  RDNS_TSIG_KEY: z
    .string()
    .regex(/^hmac-(?:sha1|sha224|sha256|sha384|sha512):[A-Za-z0-9._-]+:[A-Za-z0-9+/=]+$/, "must be algorithm:name:secret, e.g. hmac-sha256:ixp-update:c2VjcmV0")
    .optional(),
  /** The IX's AS-SET (docs/OPERATIONS.md); unset: AS- and IX_SHORTNAME without punctuation, e.g. AS-DEMOIX. */
  IRR_AS_SET: z.string().regex(/^AS-[A-Z0-9_-]{1,60}$/i, "must be an AS-SET name such as AS-DEMOIX").optional(),
  /** Members in the AS-SET: their ASN, or their own AS-SET where they have one. */
  IRR_AS_SET_MEMBERS: z.enum(["asn", "as-set"]).default("asn"),
  /** mnt-by, admin-c/tech-c and source of the registry objects; placeholders until set. */
  IRR_MNT_BY: z.string().regex(RPSL_NAME, "must be a maintainer name such as MAINT-DEMOIX").optional(),
  IRR_CONTACT: z.string().regex(RPSL_NAME, "must be a NIC handle such as DX123-RIPE").optional(),
  IRR_OBJECT_SOURCE: z.string().regex(/^[A-Z0-9-]{2,32}$/, "must be an IRR database name such as RIPE or RADB").default("RIPE"),
  /**
   * Looking glass (docs/LOOKING-GLASS.md). What anyone may see: off, counts (protocols only), accepted (plus accepted
   * routes and prefix lookups) or full (filtered routes and reasons too). Members always see their own filtered routes.
   */
  LG_PUBLIC: z.enum(["off", "counts", "accepted", "full"]).default("accepted"),
  /** BIRD is never sent more than this many looking-glass queries per second per route server, however many people look. */
  LG_BIRD_QUERIES_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(5),
  /** Identical looking-glass reads within this many seconds share one BIRD answer. */
  LG_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
  /** A route server that has not answered within this many milliseconds is shown as not reachable. */
  LG_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** Looking-glass requests per client address (IPv6: per /64) per minute. */
  LG_CLIENT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Web server processes on one port (src/web/main.ts): one per core uses the whole machine. */
  WEB_PROCESSES: z.coerce.number().int().min(1).max(64).default(() => Math.min(availableParallelism(), 8)),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration: ${problems.join("; ")}`);
  }
}

/**
 * Runs `check` as a program starts; when it fails, prints one line per problem ("<program>: invalid
 * configuration: …"; other errors as they are) and exits 1, before anything else runs.
 */
export function exitOnBadConfiguration(program: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    const problems = error instanceof EnvError ? error.problems.map((problem) => `invalid configuration: ${problem}`) : [(error as Error).message];
    process.stderr.write(problems.map((problem) => `${program}: ${problem}\n`).join(""));
    process.exit(1);
  }
}

/** Parse an environment; throws EnvError with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** A secret from the environment, or else from the file scripts/start.sh keeps it in (SECRETS_DIR/auth-secret). */
export function requireSecret(name: "AUTH_SECRET"): string {
  const value = env()[name] ?? secretFromFile(path.join(env().SECRETS_DIR, name.toLowerCase().replace(/_/g, "-")));
  if (!value) throw new EnvError([`${name}: is required (e.g. \`openssl rand -hex 32\`)`]);
  return value;
}

function secretFromFile(file: string): string | undefined {
  try {
    const value = readFileSync(file, "utf8").trim();
    return value.length >= 32 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What the web server checks before it serves (src/web/main.ts, and each server process's instrumentation). */
export function checkWebConfiguration(): void {
  exitOnBadConfiguration("ixp-portal", () => {
    env();
    requireSecret("AUTH_SECRET");
  });
}
