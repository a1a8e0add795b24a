import { describe, expect, it } from "vitest";
import { z } from "zod";
import { locationInputSchema } from "@/shared/validation/location";
import { apiTokenInputSchema } from "@/shared/validation/api-token";
import { lanInputSchema, lanReservationInputSchema } from "@/shared/validation/lan";
import { clientContactsSchema, clientProfileSchema } from "@/shared/validation/member";
import { peeringRequestSchema, rejectRequestSchema } from "@/shared/validation/request";
import { freeText } from "@/shared/validation/text";
import { tunnelParamsSchemas } from "@/shared/validation/tunnel-params";
import { userInputSchema } from "@/shared/validation/user";

/** Invisible and direction-changing characters, as an attacker would put them into a name. */
const ONLY_INVISIBLE = "\u200b\u200f";
const OVERRIDE = "Evil\u202Egnp.exe";
const ISOLATES_AND_ZERO_WIDTH = "\u2066A\u2069\u200cB\u200dC\u2060D\ufeffE\u00adF\u3164";

describe("free text", () => {
  const name = freeText({ max: 20 }).min(1, "is required");
  const notes = freeText({ max: 50, multiline: true });

  it("removes bidi controls, zero-width characters and blank fillers, and normalises", () => {
    expect(name.parse(OVERRIDE)).toBe("Evilgnp.exe");
    expect(name.parse(ISOLATES_AND_ZERO_WIDTH)).toBe("ABCDEF");
    expect(name.parse("\u202a\u202b\u202c\u202d Caf\u0065\u0301 \u2067\u2068")).toBe("Caf\u00e9");
  });

  it("refuses a name made only of invisible characters", () => {
    expect(name.safeParse(ONLY_INVISIBLE).error?.issues[0]?.message).toBe("is required");
    expect(name.safeParse("\u3164\u2800\u00a0").error?.issues[0]?.message).toBe("is required");
  });

  it("refuses control characters; multi-line fields keep line breaks and tabs", () => {
    for (const control of ["a\nb", "a\u0007b", "a\u001bb", "a\u0085b", "a\tb", "a\u2028b", "a\u2029b"]) {
      expect(name.safeParse(control).error?.issues[0]?.message).toBe("must be one line of text");
    }
    expect(notes.parse("first\r\nsecond\tthird")).toBe("first\nsecond\tthird");
    expect(notes.parse("first\u2028second\u2029third")).toBe("first\nsecond\nthird");
    expect(notes.safeParse("bell\u0007").error?.issues[0]?.message).toBe("must not contain control characters");
  });

  it("counts the length after cleaning and says what is wrong with other types", () => {
    expect(name.parse(`${"x".repeat(20)}\u200b\u200b`)).toHaveLength(20);
    expect(name.safeParse(42).error?.issues[0]?.message).toBe("must be text");
    expect(z.object({ name }).safeParse({}).error?.issues[0]?.message).toBe("is required");
  });
});

const request = {
  networkName: "Example Networks",
  asn: "AS213999",
  contactEmail: "noc@example.net",
  locationId: "3",
  tunnelType: "local",
};

/** Every free-text field of every input schema: [schema, a valid input, the field, whether it may be left out]. */
const FIELDS: { label: string; schema: z.ZodType; valid: Record<string, unknown>; field: string; presence: "required" | "optional" }[] = [
  { label: "request", schema: peeringRequestSchema({ allowPrivateAsns: false }), valid: request, field: "networkName", presence: "required" },
  { label: "request", schema: peeringRequestSchema({ allowPrivateAsns: false }), valid: request, field: "comments", presence: "optional" },
  { label: "rejection", schema: rejectRequestSchema, valid: { requestId: "1", reason: "Not an ASN we can verify." }, field: "reason", presence: "required" },
  { label: "POP", schema: locationInputSchema, valid: { code: "FMT", name: "Fremont", city: "Fremont", country: "US", tunnelTypes: { local: {} } }, field: "name", presence: "required" },
  { label: "POP", schema: locationInputSchema, valid: { code: "FMT", name: "Fremont", city: "Fremont", country: "US", tunnelTypes: { local: {} } }, field: "city", presence: "required" },
  { label: "LAN", schema: lanInputSchema, valid: { name: "Main", ipv4Prefix: "185.1.0.0/24", ixfVlanId: "1" }, field: "name", presence: "required" },
  { label: "reservation", schema: lanReservationInputSchema, valid: { lanId: "1", firstAddress: "185.1.0.1", lastAddress: "185.1.0.9", purpose: "route servers" }, field: "purpose", presence: "required" },
  { label: "member", schema: clientProfileSchema, valid: { clientId: "1", name: "Example", peeringPolicy: "open", memberType: "peering", state: "production" }, field: "name", presence: "required" },
  { label: "member", schema: clientProfileSchema, valid: { clientId: "1", name: "Example", peeringPolicy: "open", memberType: "peering", state: "production" }, field: "notes", presence: "optional" },
  { label: "contacts", schema: clientContactsSchema, valid: { clientId: "1", contactEmail: "noc@example.net" }, field: "contactName", presence: "optional" },
  { label: "user", schema: userInputSchema, valid: { email: "a@example.net", role: "member" }, field: "name", presence: "optional" },
  { label: "API token", schema: apiTokenInputSchema, valid: { name: "ci", userEmail: "a@example.net", scopes: ["members:read"] }, field: "name", presence: "required" },
  { label: "custom tunnel", schema: tunnelParamsSchemas.custom, valid: {}, field: "description", presence: "optional" },
];

describe.each(FIELDS)("the $label schema's $field field", ({ schema, valid, field, presence }) => {
  const parse = (value: string) => schema.safeParse({ ...valid, [field]: value });
  const value = (result: ReturnType<typeof parse>) => (result.data as Record<string, unknown> | undefined)?.[field];
  const errors = (result: ReturnType<typeof parse>) => (result.success ? [] : result.error.issues.filter((i) => i.path[0] === field).map((i) => i.message));

  it("strips direction overrides", () => {
    expect(value(parse(OVERRIDE))).toBe("Evilgnp.exe");
  });

  it(presence === "required" ? "refuses a value made only of invisible characters" : "treats invisible-only as left out", () => {
    const result = parse(ONLY_INVISIBLE);
    if (presence === "required") expect(errors(result).join()).toMatch(/required|say why/);
    else expect(value(result) ?? null).toBeNull();
  });

  it("refuses control characters", () => {
    expect(errors(parse("a\u0007b")).join()).toMatch(/control characters|one line/);
  });
});
