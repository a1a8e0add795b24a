/** One target's line of fping's interval summary (`fping -l -Q 1`, written to stderr). */
export interface PingSample {
  target: string;
  sent: number;
  received: number;
  rttMinMs?: number;
  rttAvgMs?: number;
  rttMaxMs?: number;
}

// "198.18.0.5 : xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.037/0.037/0.037" or "... = 1/0/100%"
const SUMMARY = /^(\S+)\s+: xmt\/rcv\/%loss = (\d+)\/(\d+)\/\d+%(?:, min\/avg\/max = ([\d.]+)\/([\d.]+)\/([\d.]+))?$/;
// "[16:23:22]": the header fping prints before each interval's summaries.
const INTERVAL_HEADER = /^\[\d\d:\d\d:\d\d\]$/;

export type FpingLine = { kind: "sample"; sample: PingSample } | { kind: "interval" } | { kind: "message"; text: string };

export function parseFpingLine(line: string): FpingLine {
  const trimmed = line.trim();
  const match = SUMMARY.exec(trimmed);
  if (match) {
    const sample: PingSample = { target: match[1]!, sent: Number(match[2]), received: Number(match[3]) };
    if (match[4] !== undefined) {
      sample.rttMinMs = Number(match[4]);
      sample.rttAvgMs = Number(match[5]);
      sample.rttMaxMs = Number(match[6]);
    }
    return { kind: "sample", sample };
  }
  if (INTERVAL_HEADER.test(trimmed)) return { kind: "interval" };
  return { kind: "message", text: trimmed };
}
