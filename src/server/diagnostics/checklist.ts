import type { IpFacts, IrrFacts, RouteServerFiltered } from "./model";
import { utcMinute } from "@/shared/utc";

/**
 * Pure: "why is my session not up?" for one address, from the stored facts. The steps follow the path a
 * packet takes: provisioned → tunnel (ping) → BGP session → routes accepted. The first step that fails is
 * where to look; later steps are skipped because they cannot be judged yet.
 */

export type StepStatus = "ok" | "fail" | "warn" | "skipped";

export interface ChecklistStep {
  id: "provisioned" | "tunnel" | "bgp" | "routes";
  title: string;
  status: StepStatus;
  /** Plain sentences for people. */
  details: string[];
  /** Configuration to compare with the router's (the expected neighbor lines). */
  config?: string;
}

/** An IRR list older than this is called stale (the IRR job refreshes daily). */
export const IRR_STALE_MS = 3 * 86_400_000;

const DURATION_UNITS: [number, string][] = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
];

/** "3 days 4 hours", "12 minutes", "less than a minute": the two largest units. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, ms);
  for (const [size, unit] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n} ${unit}${n === 1 ? "" : "s"}`);
    if (n > 0 || parts.length > 0) rest -= n * size;
  }
  return parts.length ? parts.join(" ") : "less than a minute";
}

const sinceText = (since: Date | null, now: Date) => (since ? ` since ${utcMinute(since)} (${describeDuration(now.getTime() - since.getTime())})` : "");

export interface ChecklistInput {
  ip: IpFacts;
  irr: readonly IrrFacts[];
  routeServerFiltered: readonly RouteServerFiltered[];
  now: Date;
}

export function sessionChecklist({ ip, irr, routeServerFiltered, now }: ChecklistInput): ChecklistStep[] {
  const steps: ChecklistStep[] = [];
  const skip = (id: ChecklistStep["id"], title: string) => steps.push({ id, title, status: "skipped", details: ["Not checked until the step above is fixed."] });

  // 1. Provisioned: without it the route servers have no session configured for the address.
  const provisionedTitle = "The route servers are configured for this address";
  if (!ip.provisioned) {
    steps.push({
      id: "provisioned",
      title: provisionedTitle,
      status: "fail",
      details: [
        ip.deprovisionedAt
          ? `This address was deprovisioned on ${utcMinute(ip.deprovisionedAt)} after a long outage, so the route servers have no session for it. It comes back by itself once it answers pings again, or a volunteer can re-enable it.`
          : `This address is ${ip.state} and not provisioned yet: the route servers have no session for it until a volunteer finishes setting it up.`,
      ],
    });
  } else {
    steps.push({ id: "provisioned", title: provisionedTitle, status: "ok", details: ["Sessions for this address are in the route servers' configuration."] });
  }

  // 2. Tunnel: the IX pings the address once a second; no answer means layer 2 or the address is wrong.
  const tunnelTitle = "The IX can ping your address over the tunnel";
  if (ip.pingUp === true) {
    steps.push({ id: "tunnel", title: tunnelTitle, status: "ok", details: [`Answering pings${sinceText(ip.pingSince, now)}.`] });
  } else {
    steps.push({
      id: "tunnel",
      title: tunnelTitle,
      status: "fail",
      details: [
        ip.pingUp === null ? "The address has not answered a ping yet." : `No answer to pings${sinceText(ip.pingSince, now)}.`,
        "Check the tunnel first: is it up on your side, does your router have this address configured on the tunnel interface with the LAN's prefix length, and do the registered MAC addresses match your router's?",
      ],
    });
  }

  // 3. BGP: with ping working, a session that is not up is configuration (addresses, ASNs) or policy.
  const bgpTitle = "BGP sessions with the route servers are established";
  const established = ip.sessions.filter((s) => s.state === "up");
  if (steps.some((s) => s.status === "fail")) skip("bgp", bgpTitle);
  else if (ip.sessions.length > 0 && established.length === ip.sessions.length) {
    steps.push({ id: "bgp", title: bgpTitle, status: "ok", details: established.map((s) => `${s.routeServer}: established${sinceText(s.since, now)}.`) });
  } else {
    const details = ip.sessions.length
      ? ip.sessions.map(
          (s) =>
            `${s.routeServer}: ${s.state === "up" ? "established" : (s.bgpState ?? s.state)}${s.state === "up" ? sinceText(s.since, now) : ""}${s.lastError ? `, last error: ${s.lastError}` : ""}.`,
        )
      : ["No route server has reported a session for this address yet."];
    details.push("Ping works, so the tunnel is fine: compare your router's BGP neighbors with the lines below (your address and ASN, the route servers' addresses and ASN).");
    steps.push({ id: "bgp", title: bgpTitle, status: established.length > 0 ? "warn" : "fail", details, config: ip.expectedBgpConfig ?? undefined });
  }

  // 4. Routes: a session that is up but whose routes are filtered shows the reasons.
  const routesTitle = "Your routes are accepted";
  if (established.length === 0) skip("routes", routesTitle);
  else {
    const filtered = established.reduce((sum, s) => sum + (s.routesFiltered ?? 0), 0);
    const imported = established.reduce((sum, s) => sum + (s.routesImported ?? 0), 0);
    if (filtered === 0) {
      steps.push({
        id: "routes",
        title: routesTitle,
        status: imported > 0 ? "ok" : "warn",
        details: [imported > 0 ? `${imported} route${imported === 1 ? "" : "s"} accepted, none filtered.` : "The session is up but you announce no routes to the route servers."],
      });
    } else {
      const details = established
        .filter((s) => (s.routesFiltered ?? 0) > 0)
        .map((s) => `${s.routeServer}: ${s.routesFiltered} route${s.routesFiltered === 1 ? "" : "s"} filtered, ${s.routesImported ?? 0} accepted.`);
      const lists = irr.filter((list) => list.family === ip.family && list.asn === ip.asn);
      if (lists.length === 0) details.push(`There is no IRR prefix list for AS${ip.asn} over IPv${ip.family}: routes outside your IRR data are filtered. Register route${ip.family === 6 ? "6" : ""} objects and your AS-SET.`);
      for (const list of lists) {
        if (list.entries === 0) details.push(`Your IRR list for IPv${ip.family} (${list.source}) is empty: every route is outside it.`);
        if (list.lastError) details.push(`The last IRR refresh of ${list.source} failed: ${list.lastError}.`);
        if (now.getTime() - list.fetchedAt.getTime() > IRR_STALE_MS) details.push(`The IRR list from ${list.source} was last refreshed ${describeDuration(now.getTime() - list.fetchedAt.getTime())} ago; recent IRR changes are not in it yet.`);
      }
      for (const server of routeServerFiltered.filter((f) => established.some((s) => s.routeServer === f.routeServer) && f.reasons.length > 0)) {
        details.push(`Reasons ${server.routeServer} filters routes for (all members): ${server.reasons.map((r) => `${r.text} (${r.routes})`).join("; ")}.`);
      }
      steps.push({ id: "routes", title: routesTitle, status: "warn", details });
    }
  }
  return steps;
}

/** The one-line answer: the first step that is not ok, or that all is well. */
export function checklistVerdict(steps: readonly ChecklistStep[]): { status: StepStatus; text: string } {
  const problem = steps.find((s) => s.status === "fail") ?? steps.find((s) => s.status === "warn");
  if (!problem) return { status: "ok", text: "Everything checks out: sessions are up and your routes are accepted." };
  return { status: problem.status, text: `Look here first: ${problem.title.charAt(0).toLowerCase()}${problem.title.slice(1)}.` };
}
