import { index, int, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { users } from "./auth";
import { createdAt, utcDatetime } from "./columns";

/**
 * IX-API key/secret pairs. A pair acts for one portal user: a member's user sees its own account, a
 * volunteer's sees every account. Only a SHA-256 of the secret is kept (the secret is 512 random bits).
 */
export const ixapiCredentials = mysqlTable(
  "ixapi_credentials",
  {
    id: int("id").autoincrement().primaryKey(),
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 128 }).notNull(),
    /** The public half, 16 characters as IX-API's AuthTokenRequest demands. */
    apiKey: varchar("api_key", { length: 16 }).notNull(),
    secretHash: varchar("secret_hash", { length: 64 }).notNull(),
    lastUsedAt: utcDatetime("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ixapi_credentials_key_uq").on(t.apiKey), index("ixapi_credentials_user_idx").on(t.userId)],
);

export type IxapiCredential = typeof ixapiCredentials.$inferSelect;
