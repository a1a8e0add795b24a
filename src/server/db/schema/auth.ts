import {
  type AnyMySqlColumn,
  index,
  int,
  json,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import type { ApiScope } from "@/shared/api-scopes";
import { USER_ROLES } from "@/shared/enums";
import { createdAt, utcDatetime } from "./columns";
import { clients } from "./members";

/** Auth.js user, plus our role and the client a member belongs to. Property names follow Auth.js's adapter. */
export const users = mysqlTable(
  "users",
  {
    id: varchar("id", { length: 255 })
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    name: varchar("name", { length: 255 }),
    email: varchar("email", { length: 255 }).notNull(),
    // Auth.js's adapter types demand TIMESTAMP for its columns; the pool pins the session time zone to UTC.
    emailVerified: timestamp("email_verified", { mode: "date", fsp: 3 }),
    image: varchar("image", { length: 255 }),
    role: mysqlEnum("role", USER_ROLES).notNull().default("member"),
    clientId: int("client_id").references((): AnyMySqlColumn => clients.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), index("users_client_idx").on(t.clientId)],
);

export const accounts = mysqlTable(
  "accounts",
  {
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: varchar("type", { length: 255 }).notNull(),
    provider: varchar("provider", { length: 255 }).notNull(),
    providerAccountId: varchar("provider_account_id", { length: 255 }).notNull(),
    refresh_token: varchar("refresh_token", { length: 2048 }),
    access_token: varchar("access_token", { length: 2048 }),
    expires_at: int("expires_at"),
    token_type: varchar("token_type", { length: 255 }),
    scope: varchar("scope", { length: 255 }),
    id_token: varchar("id_token", { length: 2048 }),
    session_state: varchar("session_state", { length: 255 }),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = mysqlTable(
  "sessions",
  {
    sessionToken: varchar("session_token", { length: 255 }).primaryKey(),
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp("expires", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const verificationTokens = mysqlTable(
  "verification_tokens",
  {
    identifier: varchar("identifier", { length: 255 }).notNull(),
    token: varchar("token", { length: 255 }).notNull(),
    expires: timestamp("expires", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Bearer tokens for the automation API; only a SHA-256 hash is stored. */
export const apiTokens = mysqlTable(
  "api_tokens",
  {
    id: int("id").autoincrement().primaryKey(),
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 128 }).notNull(),
    tokenHash: varchar("token_hash", { length: 64 }).notNull(),
    /** What the token may do (src/shared/api-scopes.ts); never more than its user's role, checked on every use. */
    scopes: json("scopes").$type<ApiScope[]>().notNull(),
    /** Client addresses or prefixes it may be used from; empty: anywhere. */
    allowedAddresses: json("allowed_addresses").$type<string[]>().notNull(),
    lastUsedAt: utcDatetime("last_used_at"),
    expiresAt: utcDatetime("expires_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type ApiToken = typeof apiTokens.$inferSelect;
