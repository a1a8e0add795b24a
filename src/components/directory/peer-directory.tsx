"use client";

import { useMemo, useState } from "react";
import type { PublicPeer } from "@/server/directory/peers";
import { filterPeers, PEER_SORTS, sortPeers, type PeerSort } from "@/shared/directory/peer-search";
import { TUNNEL_TYPE_LABELS, type BgpSessionState } from "@/shared/enums";

const SESSION_STYLE: Record<BgpSessionState, string> = {
  up: "bg-green-100 text-green-800",
  down: "bg-red-100 text-red-800",
  unknown: "bg-slate-100 text-slate-600",
};

/** What the route servers last saw of an address: "unknown" means not checked yet, not "up". */
const SESSION_TEXT: Record<BgpSessionState, string> = {
  up: "route-server session up",
  down: "route-server session down",
  unknown: "route-server session not checked yet",
};

function RouteServerBadge({ client, session }: { client: boolean; session: BgpSessionState }) {
  if (!client) return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">no route-server session (peers directly)</span>;
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs ${SESSION_STYLE[session]}`} data-testid="session-state">
      {SESSION_TEXT[session]}
    </span>
  );
}

/** A member counts as up when any of its route-server addresses has a session up. */
const hasSessionUp = (peer: PublicPeer) => peer.asns.some((asn) => asn.routeServerClient && asn.addresses.some((ip) => ip.routeServerSession === "up"));

function PeerCard({ peer }: { peer: PublicPeer }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="peer">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">{peer.name}</h2>
        {peer.website && (
          <a href={peer.website} rel="nofollow noopener noreferrer" target="_blank" className="text-sm text-brand-700 underline break-all">
            {peer.website.replace(/^https?:\/\//, "").replace(/\/$/, "")}
          </a>
        )}
      </div>
      {peer.contactEmails.length > 0 && (
        <p className="mt-1 text-sm text-slate-600" data-testid="peer-contact">
          Peering contact:{" "}
          {peer.contactEmails.map((email, index) => (
            <span key={email}>
              {index > 0 && ", "}
              <a href={`mailto:${email}`} className="text-brand-700 underline break-all">
                {email}
              </a>
            </span>
          ))}
        </p>
      )}
      <ul className="mt-3 space-y-2">
        {peer.asns.map((asn) => (
          <li key={asn.asn} className="text-sm">
            <span className="font-mono font-medium">AS{asn.asn}</span>
            {asn.asSet && <span className="ml-2 font-mono text-slate-500">{asn.asSet}</span>}
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {asn.addresses.map((ip) => (
                <li key={ip.address} className="flex items-center gap-2">
                  <span className="font-mono text-slate-800 break-all" data-testid="peer-address">
                    {ip.address}
                  </span>
                  <RouteServerBadge client={asn.routeServerClient} session={ip.routeServerSession} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {peer.connections.length > 0 && (
        <p className="mt-3 text-sm text-slate-600">
          {peer.connections.map((c, index) => (
            <span key={index} className="mr-3 inline-block">
              {c.locationCode} ({c.city}, {c.country}) · {TUNNEL_TYPE_LABELS[c.type]}
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

/** Search box and sort order over the server-rendered list; everything else is plain markup. */
export function PeerDirectory({ peers }: { peers: PublicPeer[] }) {
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<PeerSort>("name");
  const shown = useMemo(() => sortPeers(filterPeers(peers, query), sort), [peers, query, sort]);
  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <label className="flex-1 text-sm font-medium text-slate-700">
          Search
          <input
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Name, ASN, address or location"
            className="mt-1 block w-full rounded border border-slate-300 px-3 py-2 text-base"
          />
        </label>
        <label className="text-sm font-medium text-slate-700">
          Sort by
          <select
            value={sort}
            onChange={(event) => setSort(event.target.value as PeerSort)}
            className="mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-base sm:w-40"
          >
            {Object.entries(PEER_SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="text-sm text-slate-600" aria-live="polite">
        {shown.length} of {peers.length} members · {peers.filter(hasSessionUp).length} with a route-server session up
      </p>
      <ul className="grid gap-4 md:grid-cols-2">
        {shown.map((peer) => (
          <PeerCard key={peer.key} peer={peer} />
        ))}
      </ul>
    </div>
  );
}
