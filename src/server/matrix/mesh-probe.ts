import { FpingProcess, type FpingOptions } from "@/server/monitoring/ping/fping-process";
import type { PingSample } from "@/server/monitoring/ping/fping-output";
import { portalPoster } from "@/server/tunnels/agent/portal";
import type { DesiredState } from "@/server/tunnels/desired-state";
import type { MeshReportInput } from "@/shared/validation/matrix";

/**
 * Runs on a tunnel server (inside the agent, no database): one fping child probes the far end of every
 * mesh link in the POP's desired state once a second, and every `reportMs` the counts since the last
 * report go to `report` (the portal's POST /api/v1/matrix/mesh). The probes take the underlay path the
 * link's VXLAN packets take: from this POP's endpoint (the VXLAN device's local address) to the peer's.
 */

export interface ProbedLink {
  peer: string;
  remote: string;
  /** The local address of the link's VXLAN device, used as the probes' source. */
  local?: string;
}

/** The links to probe, from a POP's desired state. */
export function probedLinks(state: Pick<DesiredState, "mesh" | "interfaces">): ProbedLink[] {
  return state.mesh.map((link) => {
    const device = state.interfaces.find((item) => item.name === link.interface);
    return { peer: link.peer, remote: link.remote, local: device?.kind === "vxlan" ? device.local : undefined };
  });
}

export interface MeshProbeOptions {
  pop: string;
  links: readonly ProbedLink[];
  reportMs: number;
  /** Where fping runs; netns for tests and demos. */
  netns?: string;
}

interface Tally {
  sent: number;
  received: number;
  rttSum: number;
}

export class MeshProbe {
  private readonly fpings: FpingProcess[] = [];
  private readonly tallies = new Map<string, Tally>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: MeshProbeOptions,
    private readonly report: (report: MeshReportInput) => Promise<void>,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    // fping takes one source address: one child per local address (a POP normally has one).
    for (const source of new Set(options.links.map((link) => link.local))) {
      const fpingOptions: FpingOptions = { netns: options.netns, source, periodMs: 1_000, summaryMs: 1_000, sendIntervalMs: 10 };
      const remotes = [...new Set(options.links.filter((link) => link.local === source).map((link) => link.remote))];
      this.fpings.push(new FpingProcess(remotes, fpingOptions, (sample) => this.count(sample), (text) => log(`fping: ${text}`)));
    }
  }

  private count(sample: PingSample): void {
    const tally = this.tallies.get(sample.target) ?? { sent: 0, received: 0, rttSum: 0 };
    tally.sent += sample.sent;
    tally.received += sample.received;
    tally.rttSum += (sample.rttAvgMs ?? 0) * sample.received;
    this.tallies.set(sample.target, tally);
  }

  /** The counts since the last call, one entry per link that had probes. */
  takeReport(): MeshReportInput {
    const links = this.options.links.flatMap((link) => {
      const tally = this.tallies.get(link.remote);
      if (!tally || tally.sent === 0) return [];
      return [{ peer: link.peer, sent: tally.sent, received: tally.received, rttAvgMs: tally.received > 0 ? Math.round((tally.rttSum / tally.received) * 1000) / 1000 : null }];
    });
    this.tallies.clear();
    return { pop: this.options.pop, links };
  }

  start(): void {
    if (this.options.links.length === 0) return;
    for (const fping of this.fpings) fping.start();
    this.timer = setInterval(() => {
      const report = this.takeReport();
      if (report.links.length === 0) return;
      // A report the portal did not take is dropped: the next one follows in reportMs.
      this.report(report).catch((error: unknown) => this.log(`mesh probe: report not delivered: ${error instanceof Error ? error.message : String(error)}`));
    }, this.options.reportMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.fpings.map((fping) => fping.stop()));
  }
}

/** The agent's way to deliver a report: the portal's API with a volunteer's bearer token. */
export function postMeshReport(portalUrl: string, token: string): (report: MeshReportInput) => Promise<void> {
  return portalPoster<MeshReportInput>(portalUrl, "/api/v1/matrix/mesh", token);
}
