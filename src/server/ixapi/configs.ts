import { z } from "zod";
import { defaultLan } from "@/server/allocation/allocator";
import type { Database } from "@/server/db/client";
import { FieldError } from "@/server/errors";
import { RateLimitError } from "@/server/requests/errors";
import { requestSchema } from "@/server/requests/policy";
import { submitRequest } from "@/server/requests/submit";
import type { MailTransport } from "@/server/mail/transport";
import type { IxapiExchangeLanConfigRequest } from "@/shared/validation/ixapi";
import type { PeeringRequestInput } from "@/shared/validation/request";
import type { Visibility } from "./serialize";
import { requestConfigId } from "./serialize";
import { accountContact } from "./load";

/** The peering request's field names as IX-API properties, so errors name what the client sent. */
const PROPERTY_OF_FIELD: Record<string, string> = {
  asn: "asns",
  locationId: "pop",
  tunnelType: "tunnel_type",
  remoteEndpoint: "remote_endpoint",
  asSet: "as_set",
  contactEmail: "consuming_account",
  networkName: "consuming_account",
  wantsIpv4: "ipv4",
  comments: "external_ref",
};

export class IxapiInputError extends Error {
  constructor(
    public readonly properties: { name: string; reason: string }[],
    public readonly status: 400 | 403 | 429 = 400,
    public readonly retryAt?: Date,
  ) {
    super(properties.map((p) => `${p.name}: ${p.reason}`).join("; "));
  }
}

const propertiesOf = (fieldErrors: Record<string, string[] | undefined>) =>
  Object.entries(fieldErrors).flatMap(([field, reasons]) => (reasons ?? []).map((reason) => ({ name: PROPERTY_OF_FIELD[field] ?? field, reason })));

export interface CreateConfigOptions {
  ip: string | null;
  transport?: MailTransport;
  now?: Date;
}

/**
 * POST /network-service-configs (exchange_lan): becomes a peering request through the one request path
 * (the request schema, its database rules, the checks, the confirmation email and the volunteer queue).
 * The request is made for an existing account, with that account's name and contact email, so approving
 * it adds the ASN/connection to that member; a volunteer's key may act for any account.
 */
export async function createExchangeLanConfig(
  db: Database,
  visibility: Visibility,
  input: IxapiExchangeLanConfigRequest,
  existingConnection: { locationId: number; type: PeeringRequestInput["tunnelType"]; remoteEndpoint: string | null } | null,
  options: CreateConfigOptions,
): Promise<{ id: string; requestId: number }> {
  if (input.consuming_account === "ix" || input.managing_account !== input.consuming_account) {
    throw new IxapiInputError([{ name: "managing_account", reason: "must be the consuming account (a member account)" }]);
  }
  const clientId = Number(input.consuming_account);
  if (!visibility.all && visibility.clientId !== clientId) {
    throw new IxapiInputError([{ name: "consuming_account", reason: "you may only request configs for your own account" }], 403);
  }
  const account = await accountContact(db, clientId);
  if (!account) throw new IxapiInputError([{ name: "consuming_account", reason: "there is no such account" }]);
  // Approval allocates from the default LAN, so that is the one exchange_lan a request can join.
  const lan = await defaultLan(db);
  if (input.network_service !== String(lan.id)) {
    throw new IxapiInputError([{ name: "network_service", reason: `new configs join the exchange LAN ${lan.id} (${lan.name})` }]);
  }
  if (input.product_offering !== undefined && input.product_offering !== String(lan.id)) {
    throw new IxapiInputError([{ name: "product_offering", reason: `must be ${lan.id}, the offering of network service ${lan.id}` }]);
  }

  const comments = [
    "Requested through IX-API.",
    input.external_ref ? `external_ref: ${input.external_ref}` : null,
    input.purchase_order ? `purchase_order: ${input.purchase_order}` : null,
  ]
    .filter(Boolean)
    .join("\n");
  const raw: PeeringRequestInput = {
    networkName: account.name,
    asn: String(input.asns[0]),
    contactEmail: account.contactEmail,
    locationId: String(existingConnection?.locationId ?? input.pop ?? ""),
    tunnelType: existingConnection?.type ?? input.tunnel_type ?? ("" as never),
    remoteEndpoint: existingConnection?.remoteEndpoint ?? input.remote_endpoint,
    wantsIpv4: input.ipv4 ?? true,
    publishContact: false,
    asSet: input.as_set,
    comments,
  };
  const parsed = requestSchema().safeParse(raw);
  if (!parsed.success) throw new IxapiInputError(propertiesOf(z.flattenError(parsed.error).fieldErrors));
  try {
    const outcome = await submitRequest(db, parsed.data, { ip: options.ip, transport: options.transport, now: options.now });
    if (outcome.kind !== "accepted") throw new Error("an IX-API request never fills the honeypot field");
    return { id: requestConfigId(outcome.requestId), requestId: outcome.requestId };
  } catch (error) {
    if (error instanceof FieldError) throw new IxapiInputError(propertiesOf(error.fieldErrors));
    if (error instanceof RateLimitError) throw new IxapiInputError([{ name: "consuming_account", reason: error.message }], 429, error.retryAt);
    throw error;
  }
}
