import { classifyAsn } from "@/shared/asn";
import type { RequestCheck } from "./types";

export const asnClassCheck: RequestCheck = {
  id: "asn-class",
  label: "ASN class",
  async run({ asn }, { allowPrivateAsns }) {
    const { kind, why } = classifyAsn(asn);
    if (kind === "public") return { outcome: "pass", detail: `AS${asn} is a public ASN` };
    if (kind === "private" && allowPrivateAsns) return { outcome: "warn", detail: `AS${asn} ${why} (accepted: ALLOW_PRIVATE_ASNS is on)` };
    return { outcome: "fail", detail: `AS${asn} ${why ?? "is not a public ASN"}` };
  },
};
