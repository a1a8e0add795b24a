/**
 * The shape of an IX-F Member Export 1.0 document, as far as we write or check it.
 * Optional fields stay optional so the same types describe other exporters' files (the examples).
 */

export interface IxfPrefix {
  prefix: string;
  mask_length: number;
}

export interface IxfSwitch {
  id: number;
  name?: string;
  colo?: string;
  pdb_facility_id?: number;
  city?: string;
  country?: string;
}

export interface IxfVlan {
  id: number;
  name?: string;
  ipv4?: IxfPrefix;
  ipv6?: IxfPrefix;
}

export interface IxfIxp {
  ixp_id: number;
  /** Required by the 1.0 schema, but only a real IX-F database id is exported (see docs/IXF.md). */
  ixf_id?: number;
  shortname: string;
  name?: string;
  country?: string;
  url?: string;
  peeringdb_id?: number;
  support_email?: string;
  support_phone?: string;
  support_contact_hours?: string;
  emergency_email?: string;
  emergency_phone?: string;
  billing_email?: string;
  peering_policy_list?: string[];
  switch?: IxfSwitch[];
  vlan?: IxfVlan[];
}

export interface IxfAddress {
  address?: string;
  routeserver?: boolean;
  max_prefix?: number;
  as_macro?: string;
  mac_addresses?: string[];
}

export interface IxfVlanMembership {
  vlan_id?: number;
  ipv4?: IxfAddress;
  ipv6?: IxfAddress;
}

export interface IxfInterface {
  switch_id?: number;
  if_speed?: number;
  if_type?: string;
}

export interface IxfConnection {
  ixp_id: number;
  state?: string;
  connected_since?: string;
  if_list?: IxfInterface[];
  vlan_list?: IxfVlanMembership[];
}

export interface IxfMember {
  asnum: number;
  member_type?: "peering" | "ixp" | "other";
  name?: string;
  url?: string;
  peering_policy?: string;
  member_since?: string;
  contact_email?: string[];
  connection_list: IxfConnection[];
}

export interface IxfDocument {
  version: string;
  timestamp: string;
  ixp_list: IxfIxp[];
  member_list: IxfMember[];
}

export const IXF_VERSION = "1.0";
