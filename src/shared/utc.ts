/** Times shown to people are in UTC and say so: "2026-11-30 14:05 UTC". */
export const utcMinute = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The same to the second, where seconds matter (job runs, probes): "2026-11-30 14:05:09 UTC". */
export const utcSecond = (date: Date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
