import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { renderOptionsSchema, type MemberSessionRow } from "@/server/routeserver/model";
import { renderRouteServerConfig } from "@/server/routeserver/render";

/** Hostile member data through the generator: real `bird -p -c` must accept every result, with nothing injected. */

const dir = mkdtempSync(join(tmpdir(), "ixp-rs-prop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MARK = "INJECT";
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    `"; } protocol bgp ${MARK} { neighbor 1.2.3.4 as 1; }`,
    `x\n}\nprotocol static ${MARK} { ipv4; route 0.0.0.0/0 blackhole; }\n#`,
    `/* ${MARK} */ include "/etc/passwd";`,
    `\\" ${MARK} \\`,
    `${MARK}\u0000\r\n"`,
  ),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('"', "\n", "{", "}", ";", "#", "/*", "\\")).map(([a, b]) => `${a}${b}${MARK}${b}`),
);
const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join("."));
const v6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((g) => g.map((n) => n.toString(16)).join(":"));
// Most in-LAN addresses must land inside 198.18.0.0/22, or too few members render for the property to mean much.
const lanV4 = fc.tuple(fc.nat(3), fc.nat(255)).map(([c, d]) => `198.18.${c}.${d}`);
const address = fc.oneof(lanV4, v6, hostileText, v4);
const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.nat(), fc.constantFrom(4294967295, 2 ** 40, Number.NaN, 1.5, 23456, 64512));
const prefixEntry = fc.oneof(
  fc.record({ prefix: fc.tuple(v4, fc.integer({ min: 0, max: 33 })).map(([a, l]) => `${a}/${l}`), ge: fc.option(number, { nil: undefined }), le: fc.option(number, { nil: undefined }) }),
  fc.record({ prefix: fc.tuple(v6, fc.integer({ min: 0, max: 129 })).map(([a, l]) => `${a}/${l}`) }),
  fc.record({ prefix: hostileText }),
  fc.constantFrom({ prefix: "23.0.0.0/8", le: 24 }, { prefix: "2a0b::/32" }),
);
const hostileMember = fc.record({
  ipId: fc.nat(1_000_000),
  address,
  family: fc.constantFrom(4, 6, 5),
  asn: fc.oneof(fc.integer({ min: 1, max: 4294967294 }), number),
  clientName: hostileText,
  asSet: fc.option(hostileText, { nil: null }),
  maxPrefixV4: fc.option(fc.oneof(fc.integer({ min: 1, max: 100000 }), number), { nil: null }),
  maxPrefixV6: fc.option(fc.oneof(fc.integer({ min: 1, max: 100000 }), number), { nil: null }),
  blackholeOptIn: fc.boolean(),
  asnAddresses: fc.array(address, { maxLength: 3 }),
  irrPrefixes: fc.option(fc.array(prefixEntry, { maxLength: 8 }), { nil: null }),
  irrOriginAsns: fc.array(number, { maxLength: 4 }),
}) satisfies fc.Arbitrary<MemberSessionRow>;

describe("route-server generator with hostile member data", () => {
  it("always produces a config BIRD parses, with one statement per rendered session and nothing injected", () => {
    let runs = 0;
    let rendered = 0;
    fc.assert(
      fc.property(fc.array(hostileMember, { maxLength: 8 }), fc.boolean(), fc.constantFrom("peer", "same-asn") as fc.Arbitrary<"peer" | "same-asn">, (members, rpki, nextHopPolicy) => {
        const { config, sessions, skipped } = renderRouteServerConfig({
          routeServer: { name: "rs1", asn: 64500, routerId: "198.18.0.1", ipv4Address: "198.18.0.1", ipv6Address: "2001:2:0:1::1" },
          members,
          options: renderOptionsSchema.parse({ rtrServer: rpki ? "127.0.0.1:8282" : null, nextHopPolicy, lanPrefixes: ["198.18.0.0/22"] }),
        });
        expect(sessions.length + skipped.length).toBe(members.length);
        rendered += sessions.length;
        expect(config.match(/^protocol bgp /gm) ?? []).toHaveLength(sessions.length);
        expect(config.match(/^protocol /gm) ?? []).toHaveLength(sessions.length + 1 + (rpki ? 1 : 0));
        // Member text may only appear inside a description string.
        const outsideDescriptions = config.replace(/^ {2}description "[^"\n]*";$/gm, "");
        expect(outsideDescriptions).not.toContain(MARK);
        const path = join(dir, `prop-${runs++}.conf`);
        writeFileSync(path, config);
        const check = spawnSync("bird", ["-p", "-c", path], { encoding: "utf8" });
        expect(check.stderr).toBe("");
        expect(check.status).toBe(0);
      }),
      { numRuns: 150 },
    );
    // The hostile rows must not all have been skipped: the property is about rendered ones too.
    expect(rendered).toBeGreaterThan(30);
  });
});
