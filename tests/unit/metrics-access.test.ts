import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { checkMetricsAccess } from "@/server/metrics/access";

const token = "a-metrics-token-0123456789";
const from = (clientAddress: string | null, authorization: string | null = null) => ({ clientAddress, authorization });

describe("who may scrape /metrics", () => {
  it("is off (404) when neither a token nor an address list is configured", () => {
    expect(checkMetricsAccess({ allowed: [] }, from("127.0.0.1", `Bearer ${token}`))).toMatchObject({ ok: false, status: 404 });
  });

  it("wants the exact bearer token when one is configured (401 otherwise)", () => {
    const config = { token, allowed: [] };
    expect(checkMetricsAccess(config, from("127.0.0.1", `Bearer ${token}`))).toEqual({ ok: true });
    expect(checkMetricsAccess(config, from("127.0.0.1", `bearer ${token}`))).toEqual({ ok: true });
    expect(checkMetricsAccess(config, from("127.0.0.1"))).toMatchObject({ ok: false, status: 401 });
    expect(checkMetricsAccess(config, from("127.0.0.1", `Bearer ${token}x`))).toMatchObject({ ok: false, status: 401 });
    expect(checkMetricsAccess(config, from("127.0.0.1", token))).toMatchObject({ ok: false, status: 401 });
  });

  it("serves addresses inside METRICS_ALLOWED and refuses the rest with 403", () => {
    const config = { allowed: ["192.0.2.0/24", "2001:db8::/32", "127.0.0.1"] };
    expect(checkMetricsAccess(config, from("192.0.2.77"))).toEqual({ ok: true });
    expect(checkMetricsAccess(config, from("2001:db8:1::5"))).toEqual({ ok: true });
    expect(checkMetricsAccess(config, from("::ffff:127.0.0.1"))).toEqual({ ok: true });
    expect(checkMetricsAccess(config, from("198.51.100.1"))).toMatchObject({ ok: false, status: 403, message: expect.stringContaining("198.51.100.1") });
    expect(checkMetricsAccess(config, from(null))).toMatchObject({ ok: false, status: 403 });
  });

  it("lets either the token or the address in when both are configured", () => {
    const config = { token, allowed: ["10.0.0.0/8"] };
    expect(checkMetricsAccess(config, from("10.1.2.3"))).toEqual({ ok: true });
    expect(checkMetricsAccess(config, from("198.51.100.1", `Bearer ${token}`))).toEqual({ ok: true });
    expect(checkMetricsAccess(config, from("198.51.100.1", "Bearer wrong"))).toMatchObject({ ok: false, status: 401 });
  });
});

describe("metrics configuration", () => {
  it("reads the token, the address list and the cache time, and explains bad values", () => {
    const parsed = parseEnv({ METRICS_TOKEN: token, METRICS_ALLOWED: "192.0.2.0/24, ::1", METRICS_CACHE_SECONDS: "5" });
    expect(parsed).toMatchObject({ METRICS_TOKEN: token, METRICS_ALLOWED: ["192.0.2.0/24", "::1"], METRICS_CACHE_SECONDS: 5 });
    const defaults = parseEnv({});
    expect(defaults.METRICS_TOKEN).toBeUndefined();
    expect(defaults).toMatchObject({ METRICS_ALLOWED: [], METRICS_CACHE_SECONDS: 10 });
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => parseEnv({ METRICS_ALLOWED: "192.0.2.0/24,not-an-address" })).toThrow(/METRICS_ALLOWED: must be a comma-separated list/);
  });
});
