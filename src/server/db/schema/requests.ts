import {
  boolean,
  index,
  int,
  json,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  text,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import { ASN_PROOF_KINDS, REQUEST_STATES, TUNNEL_TYPES } from "@/shared/enums";
import type { RegistryContact, RegistryContactList } from "@/server/requests/proof/types";
import { createdAt, updatedAt, utcDatetime } from "./columns";
import { users } from "./auth";
import { clients, connections } from "./members";
import { locations } from "./network";

/** A peering request from the public form, API or CLI. Several may exist for one ASN: they are grouped, not refused. */
export const requests = mysqlTable(
  "requests",
  {
    id: int("id").autoincrement().primaryKey(),
    networkName: varchar("network_name", { length: 255 }).notNull(),
    asn: int("asn", { unsigned: true }).notNull(),
    contactEmail: varchar("contact_email", { length: 255 }).notNull(),
    website: varchar("website", { length: 255 }),
    locationId: int("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "restrict" }),
    tunnelType: mysqlEnum("tunnel_type", TUNNEL_TYPES).notNull(),
    remoteEndpoint: varchar("remote_endpoint", { length: 64 }),
    wantsIpv4: boolean("wants_ipv4").notNull().default(true),
    /** The requester agreed to publish the contact email (public pages, IX-F export); approval carries it to the member. */
    publishContact: boolean("publish_contact").notNull().default(false),
    asSet: varchar("as_set", { length: 128 }),
    comments: text("comments"),
    state: mysqlEnum("state", REQUEST_STATES).notNull().default("unverified"),
    /** SHA-256 of the single-use verification token; cleared once used. */
    verificationTokenHash: varchar("verification_token_hash", { length: 64 }),
    verificationExpiresAt: utcDatetime("verification_expires_at"),
    verifiedAt: utcDatetime("verified_at"),
    /** Token the requester uses to follow the request's state without an account. */
    statusToken: varchar("status_token", { length: 64 }).notNull(),
    submitterIp: varchar("submitter_ip", { length: 45 }),
    /** What the portal checked by itself (PeeringDB, IRR, duplicates), shown to reviewers. */
    checks: json("checks").$type<Record<string, unknown>>(),
    reviewerUserId: varchar("reviewer_user_id", { length: 255 }).references(() => users.id, {
      onDelete: "set null",
    }),
    reviewedAt: utcDatetime("reviewed_at"),
    rejectReason: text("reject_reason"),
    clientId: int("client_id").references(() => clients.id, { onDelete: "set null" }),
    /** Proof that the requester holds the ASN (docs/ASN-PROOF.md); null: none beyond their own email. */
    asnProof: mysqlEnum("asn_proof", ASN_PROOF_KINDS),
    /** What proved it, in words for the reviewer (PeeringDB user and network, or which registry contact). */
    asnProofDetail: varchar("asn_proof_detail", { length: 512 }),
    asnProofAt: utcDatetime("asn_proof_at"),
    /** Registry-published addresses found for the ASN (full addresses: never sent to the requester's browser). */
    registryContacts: json("registry_contacts").$type<RegistryContactList>(),
    /** The registry contact a proof link was emailed to, with the link's hash and expiry, until it is used. */
    proofContact: json("proof_contact").$type<RegistryContact>(),
    proofTokenHash: varchar("proof_token_hash", { length: 64 }),
    proofExpiresAt: utcDatetime("proof_expires_at"),
    proofEmailsSent: int("proof_emails_sent", { unsigned: true }).notNull().default(0),
    /** Why a volunteer approved without proof (also in the audit log). */
    proofOverrideReason: text("proof_override_reason"),
    connectionId: int("connection_id").references(() => connections.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("requests_state_idx").on(t.state, t.createdAt),
    index("requests_asn_idx").on(t.asn),
    index("requests_email_idx").on(t.contactEmail),
    index("requests_ip_idx").on(t.submitterIp, t.createdAt),
    // The admin requests table sorts by these on the server.
    index("requests_created_idx").on(t.createdAt),
    // The IX-API snapshot's change check (max(updated_at)) is one index lookup.
    index("requests_updated_idx").on(t.updatedAt),
    index("requests_network_name_idx").on(t.networkName),
    uniqueIndex("requests_status_token_uq").on(t.statusToken),
    uniqueIndex("requests_verification_uq").on(t.verificationTokenHash),
    uniqueIndex("requests_proof_token_uq").on(t.proofTokenHash),
  ],
);

export type PeeringRequest = typeof requests.$inferSelect;
export type NewPeeringRequest = typeof requests.$inferInsert;

/**
 * Counted requests per window, shared by every web process and host. `ip` and `email`: accepted peering
 * requests per submitter address or contact email and clock hour; the submission takes its buckets' rows
 * with an upsert (a row lock) in the transaction that stores the request, so parallel submissions cannot all
 * pass the limit check before any of them is stored. `lg`: looking-glass requests per client address and minute.
 */
export const rateLimitBuckets = mysqlTable(
  "rate_limit_buckets",
  {
    kind: mysqlEnum("kind", ["ip", "email", "lg"]).notNull(),
    bucketKey: varchar("bucket_key", { length: 255 }).notNull(),
    windowStart: utcDatetime("window_start").notNull(),
    hits: int("hits", { unsigned: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.bucketKey, t.windowStart] }), index("rate_limit_buckets_window_idx").on(t.windowStart)],
);
