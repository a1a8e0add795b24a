/**
 * An email address as the requester may see it: enough to recognise a mailbox they control
 * (n**@ex***.net), too little to learn one they do not. The number of stars is fixed so the
 * length of the address is not revealed either.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split(".");
  const tld = labels.length > 1 ? labels.pop()! : "***";
  const maskedLabels = labels.map((label) => `${label.slice(0, label.length > 2 ? 2 : 1)}***`);
  return `${local.slice(0, 1)}**@${[...maskedLabels, tld].join(".")}`;
}
