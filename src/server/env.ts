import { z } from "zod";

/**
 * The one place configuration is read. Every variable has a safe default except secrets,
 * which the modules that need them demand (see requireSecret).
 */
const booleanFlag = z.stringbool().default(false);

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
  IX_ASN: z.coerce.number().int().min(1).max(4294967294).default(64500),
  IXF_IXP_ID: z.coerce.number().int().min(0).default(1),
  IXF_ID: z.coerce.number().int().min(0).default(0),
  IX_PEERINGDB_ID: z.coerce.number().int().min(0).optional(),
  /** Accept private-use ASNs on requests (only sensible for lab IXes). */
  ALLOW_PRIVATE_ASNS: booleanFlag,
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
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration: ${problems.join("; ")}`);
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

export function requireSecret(name: "AUTH_SECRET"): string {
  const value = env()[name];
  if (!value) throw new EnvError([`${name}: is required (e.g. \`openssl rand -hex 32\`)`]);
  return value;
}
