import type { IxfIxp } from "./document";
import type { MemberType, PeeringPolicy, TunnelType, LifecycleState } from "@/shared/enums";

/** What the exporter needs from the database and settings: plain data, so the exporter stays pure. */

export interface IxfSettings {
  ixpId: number;
  /** The IX-F database id; null until configured, and then left out of the export. */
  ixfId: number | null;
  shortname: string;
  name: string;
  country: string;
  url: string;
  supportEmail: string;
  /** Optional IX contacts, exported only when set. */
  contacts?: IxfIxpContacts;
  peeringdbId?: number | null;
  /** if_speed (Mbit/s) of a connection, by its tunnel type. */
  ifSpeedMbps: Record<TunnelType, number>;
}

export type IxfIxpContacts = Partial<
  Pick<IxfIxp, "support_phone" | "support_contact_hours" | "emergency_email" | "emergency_phone" | "billing_email">
>;

/** A POP: one IX-F switch. */
export interface IxfSwitchRow {
  id: number;
  code: string;
  name: string;
  city: string;
  country: string;
  peeringdbFacilityId: number | null;
}

/** A peering LAN: one IX-F vlan. */
export interface IxfLanRow {
  id: number;
  name: string;
  ixfVlanId: number;
  ipv4Prefix: string | null;
  ipv6Prefix: string | null;
}

/** One provisioned member address with its ASN, client and (when known) connection. */
export interface IxfAddressRow {
  ipId: number;
  family: number;
  address: string;
  lanId: number;
  asn: number;
  asSet: string | null;
  maxPrefixV4: number | null;
  maxPrefixV6: number | null;
  rsClient: boolean;
  clientId: number;
  clientName: string;
  website: string | null;
  /** Already empty when the client marked its contacts private. */
  contactEmails: string[];
  peeringPolicy: PeeringPolicy;
  memberType: MemberType;
  memberSince: Date;
  connectionId: number | null;
  locationId: number | null;
  connectionType: TunnelType | null;
  connectionState: LifecycleState | null;
  connectedSince: Date | null;
  macAddresses: string[];
  /** The connection's own if_speed (Mbit/s), overriding the default of its tunnel type. */
  ifSpeedMbps: number | null;
}

export interface IxfRows {
  switches: IxfSwitchRow[];
  lans: IxfLanRow[];
  addresses: IxfAddressRow[];
}
