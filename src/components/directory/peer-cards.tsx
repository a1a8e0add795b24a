"use client";

import { Fragment, useMemo } from "react";
import type { PublicPeer } from "@/server/directory/peers";
import { TUNNEL_TYPE_LABELS, type BgpSessionState } from "@/shared/enums";

/*
 * The cards of one /peers page. A client component on purpose: the server sends the page's peers as data
 * in the RSC payload (a few hundred bytes each, as one JSON text: see peersAsJson) and renders their HTML
 * once, instead of serialising every element into the payload and rendering the HTML from that; rendering
 * the cards is most of what a /peers request costs. The HTML is complete without JavaScript.
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
  if (!client) return <span className="badge bg-slate-100 text-slate-600">no route-server session (peers directly)</span>;
  return (
    <span className={`badge ${SESSION_STYLE[session]}`} data-testid="session-state">
      {SESSION_TEXT[session]}
    </span>
  );
}

/** Where and how a member connects, as one line of text ("SYD (Sydney, AU) · ZeroTier; FMT (…) · VXLAN"). */
const connectionText = (peer: PublicPeer) =>
  peer.connections.map((c) => `${c.locationCode} (${c.city}, ${c.country}) · ${TUNNEL_TYPE_LABELS[c.type]}`).join("; ");

/**
 * One member; few elements, text joined in JavaScript rather than split into React text nodes, and the
 * styling in globals.css (.peer-card) rather than repeated class lists.
 */
function PeerCard({ peer }: { peer: PublicPeer }) {
  return (
    <li className="peer-card" data-testid="peer">
      <div>
        <h2>{peer.name}</h2>
        {peer.website && (
          <a href={peer.website} rel="nofollow noopener noreferrer" target="_blank">
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
              <a href={`mailto:${email}`}>{email}</a>
            </Fragment>
          ))}
        </p>
      )}
      {peer.asns.map((asn) => (
        <Fragment key={asn.asn}>
          <p className="peer-asn">
            <b>{`AS${asn.asn}`}</b>
            {asn.asSet && ` ${asn.asSet}`}
          </p>
          <ul>
            {asn.addresses.map((ip) => (
              <li key={ip.address}>
                <span className="peer-address" data-testid="peer-address">
                  {ip.address}
                </span>
                <RouteServerBadge client={asn.routeServerClient} session={ip.routeServerSession} />
              </li>
            ))}
          </ul>
        </Fragment>
      ))}
      {peer.connections.length > 0 && <p className="peer-note">{connectionText(peer)}</p>}
    </li>
  );
}

export function PeerCards({ peersJson }: { peersJson: string }) {
  const peers = useMemo(() => JSON.parse(peersJson) as PublicPeer[], [peersJson]);
  return (
    <ul className="grid gap-4 md:grid-cols-2">
      {peers.map((peer) => (
        <PeerCard key={peer.key} peer={peer} />
      ))}
    </ul>
  );
}
