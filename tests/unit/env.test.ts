import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/env";

describe("configuration", () => {
  it("has working defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("mysql://root@127.0.0.1:3306/ixp");
    expect(env.ALLOW_PRIVATE_ASNS).toBe(false);
  });

  it("reports one line per bad variable", () => {
    try {
      parseEnv({ DATABASE_URL: "postgres://x/y", IX_COUNTRY: "usa", ALLOW_PRIVATE_ASNS: "maybe" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.find((p) => p.startsWith("DATABASE_URL:"))).toMatch(/mysql:\/\//);
      expect(problems.find((p) => p.startsWith("IX_COUNTRY:"))).toMatch(/ISO 3166/);
      expect(problems.some((p) => p.startsWith("ALLOW_PRIVATE_ASNS:"))).toBe(true);
    }
  });

  it("reads the IX-F settings: no made-up IX-F id, speeds per tunnel type, with a clear error for a bad list", () => {
    expect(parseEnv({}).IXF_ID).toBeUndefined();
    expect(parseEnv({ IXF_ID: "901", IXF_IF_SPEED_MBPS: "openvpn=200,local=10000" })).toMatchObject({
      IXF_ID: 901,
      IXF_IF_SPEED_MBPS: { openvpn: 200, local: 10000 },
    });
    expect(() => parseEnv({ IXF_ID: "0" })).toThrow(/IXF_ID: must be your IX's id in the IX-F database/);
    expect(() => parseEnv({ IXF_IF_SPEED_MBPS: "openvpn:200" })).toThrow(/IXF_IF_SPEED_MBPS: must be a list such as "openvpn=200,local=10000"/);
    expect(() => parseEnv({ IX_SUPPORT_PHONE: "call us" })).toThrow(/IX_SUPPORT_PHONE: must be a phone number/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });
});
