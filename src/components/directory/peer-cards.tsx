"use client";

import { Fragment } from "react";
import type { PublicPeer } from "@/server/directory/peers";
import { TUNNEL_TYPE_LABELS, type BgpSessionState } from "@/shared/enums";

/*
 * The cards of one /peers page. A client component on purpose: the server sends the page's peers as data
 * in the RSC payload (a few hundred bytes each) and renders their HTML once, instead of serialising every
 * element into the payload and rendering the HTML from that; rendering the cards is most of what a
 * /peers request costs. The HTML is complete without JavaScript.
 */

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

/** Where and how a member connects, as one line of text ("SYD (Sydney, AU) · ZeroTier; FMT (…) · VXLAN"). */
const connectionText = (peer: PublicPeer) =>
  peer.connections.map((c) => `${c.locationCode} (${c.city}, ${c.country}) · ${TUNNEL_TYPE_LABELS[c.type]}`).join("; ");

/** One member; few elements, and text joined in JavaScript rather than split into React text nodes. */
function PeerCard({ peer }: { peer: PublicPeer }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm" data-testid="peer">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">{peer.name}</h2>
        {peer.website && (
          <a href={peer.website} rel="nofollow noopener noreferrer" target="_blank" className="text-brand-700 underline break-all">
            {peer.website.replace(/^https?:\/\//, "").replace(/\/$/, "")}
          </a>
        )}
      </div>
      {peer.contactEmails.length > 0 && (
        <p className="mt-1 text-slate-600" data-testid="peer-contact">
          Peering contact:{" "}
          {peer.contactEmails.map((email, index) => (
            <Fragment key={email}>
              {index > 0 && ", "}
              <a href={`mailto:${email}`} className="text-brand-700 underline break-all">
                {email}
              </a>
            </Fragment>
          ))}
        </p>
      )}
      {peer.asns.map((asn) => (
        <div key={asn.asn} className="mt-3">
          <p className="font-mono text-slate-500">
            <b className="font-medium text-slate-900">{`AS${asn.asn}`}</b>
            {asn.asSet && ` ${asn.asSet}`}
          </p>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {asn.addresses.map((ip) => (
              <li key={ip.address} className="flex items-center gap-2">
                <span className="font-mono break-all" data-testid="peer-address">
                  {ip.address}
                </span>
                <RouteServerBadge client={asn.routeServerClient} session={ip.routeServerSession} />
              </li>
            ))}
          </ul>
        </div>
      ))}
      {peer.connections.length > 0 && <p className="mt-3 text-slate-600">{connectionText(peer)}</p>}
    </li>
  );
}

export function PeerCards({ peers }: { peers: PublicPeer[] }) {
  return (
    <ul className="grid gap-4 md:grid-cols-2">
      {peers.map((peer) => (
        <PeerCard key={peer.key} peer={peer} />
      ))}
    </ul>
  );
}
