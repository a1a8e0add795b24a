import { findMatches, type Match } from "../matches";
import type { RequestCheck } from "./types";

const describe = (match: Match) => `${match.kind} #${match.id} ${match.label} (${match.state}; same ${match.by.join(", ")})`;

export const duplicatesCheck: RequestCheck = {
  id: "duplicates",
  label: "Existing members and requests",
  async run(subject, { db }) {
    const matches = await findMatches(db, { ...subject, excludeRequestId: subject.id });
    if (matches.length === 0) return { outcome: "pass", detail: "no existing member or request matches by ASN, email, website or name" };
    return { outcome: "warn", detail: `matches ${matches.map(describe).join("; ")}` };
  },
};
