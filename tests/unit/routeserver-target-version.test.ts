import { describe, expect, it } from "vitest";
import { renderOptionsSchema } from "@/server/routeserver/model";
import { birdVersionAtLeast, renderRouteServerConfig } from "@/server/routeserver/render";

const render = (targetBirdVersion: string, rtrServer: string | null = null) =>
  renderRouteServerConfig({
    routeServer: { name: "rs1", asn: 64500, routerId: "198.18.0.1", ipv4Address: "198.18.0.1", ipv6Address: null },
    members: [],
    options: renderOptionsSchema.parse({ targetBirdVersion, rtrServer }),
  }).config;

describe("rendering for a target BIRD version", () => {
  it("compares versions number by number", () => {
    expect(birdVersionAtLeast("2.0.11", "2.0.11")).toBe(true);
    expect(birdVersionAtLeast("2.0.9", "2.0.11")).toBe(false);
    expect(birdVersionAtLeast("2.16", "2.0.11")).toBe(true);
    expect(birdVersionAtLeast("3.0", "2.0.11")).toBe(true);
    expect(birdVersionAtLeast("2.0", "2.0.11")).toBe(false);
  });

  it("renders BGP roles from 2.0.11 and refuses a version that is not one", () => {
    expect(render("2.0.10")).not.toContain("local role");
    expect(render("2.0.11")).toContain("local role rs_server;");
    expect(() => renderOptionsSchema.parse({ targetBirdVersion: "2.0.12; protocol" })).toThrow(/must be a BIRD version/);
  });

  it("keeps an import table for ROV re-evaluation only when RPKI is on", () => {
    expect(render("2.0.12")).not.toContain("import table on;");
    expect(render("2.0.12", "127.0.0.1:8282")).toContain("import table on;\n    rpki reload on;");
  });
});
