/** Where an address published for an ASN came from. */
export type RegistrySource = "peeringdb" | "rdap";

/** One address the registry publishes for the ASN. The full address stays on the server. */
export interface RegistryContact {
  /** Random id the requester's choice refers to; says nothing about the address. */
  id: string;
  source: RegistrySource;
  /** RDAP role (technical, administrative, abuse, noc) or PeeringDB role (Policy, Technical, NOC). */
  role: string;
  email: string;
  /** The RDAP service or PeeringDB the address was read from, for the reviewer. */
  origin: string;
}

/** The list built for a request, with what went wrong per source (shown to the requester as is). */
export interface RegistryContactList {
  builtAt: string;
  contacts: RegistryContact[];
  problems: string[];
}
