import { describe, expect, it } from "vitest";
import { DEMO_LOCATIONS } from "@/server/seed/demo-network";
import { TUNNEL_TYPES, type TunnelType } from "@/shared/enums";
import { placeName } from "@/shared/places";
import { describeTunnelParams, TUNNEL_PARAM_FIELDS, tunnelParamsSchemas } from "@/shared/validation/tunnel-params";

describe("how POPs read on pages", () => {
  it("names the city once: not when the POP's name already says it", () => {
    expect(placeName({ name: "Amsterdam", city: "Amsterdam", country: "NL" })).toBe("Amsterdam (NL)");
    expect(placeName({ name: "New York 2", city: "new york", country: "US" })).toBe("New York 2 (US)");
    expect(placeName({ name: "Equinix FR5", city: "Frankfurt", country: "DE" })).toBe("Equinix FR5, Frankfurt (DE)");
  });

  it("labels every tunnel parameter for people, never with its stored key", () => {
    for (const type of TUNNEL_TYPES) {
      const keys = Object.keys(tunnelParamsSchemas[type].shape);
      expect(TUNNEL_PARAM_FIELDS[type].map((field) => field.name).sort()).toEqual(keys.sort());
      for (const field of TUNNEL_PARAM_FIELDS[type]) expect(field.label).not.toBe(field.name);
    }
    const shown = DEMO_LOCATIONS.flatMap((pop) =>
      Object.entries(pop.tunnelTypes).flatMap(([type, params]) => describeTunnelParams(type as TunnelType, params)),
    );
    expect(shown).toContain("UDP port: 4789");
    expect(shown).toContain("Bridge port: eth1");
    expect(shown).toContain("Network id: 8056c2e21c000001");
    expect(shown).toContain("Description: Cross-connect on request");
    expect(shown.join("\n")).not.toMatch(/udpPort|bridgePort|networkId/);
  });

  it("leaves out what is not a parameter of the type, and empty values", () => {
    expect(describeTunnelParams("openvpn", { port: 1195, protocol: "tcp", controllerToken: "s3cret", udpPort: 1 })).toEqual(["Port: 1195", "Protocol: tcp"]);
    expect(describeTunnelParams("custom", { bridgePort: "", description: null })).toEqual([]);
  });
});
