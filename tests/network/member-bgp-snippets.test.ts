import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderMemberConfigurations } from "@/server/tunnels/member/render";
import { connection, memberInput, pop } from "../helpers/tunnel-rows";

/** The member's BGP snippets are checked by the daemons themselves: BIRD 2's parser and FRR's vtysh dry run. */

const dir = mkdtempSync(path.join(tmpdir(), "ixp-bgp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = memberInput({
  ixShortName: 'Demo IX "lab"; } protocol',
  pop: pop({ id: 1, code: "FMT" }),
  connection: connection({ id: 1, locationId: 1, type: "vxlan" }),
  addresses: [
    { address: "198.18.0.40", family: 4, prefixLength: 22, asn: 64512 },
    { address: "2001:2:0:1::40", family: 6, prefixLength: 64, asn: 64512 },
    { address: "198.18.0.41", family: 4, prefixLength: 22, asn: 4_200_000_001 },
  ],
});
const snippets = renderMemberConfigurations(input);
const text = (id: string) => snippets.find((s) => s.id === id)!.text;

function check(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 20_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("member BGP snippets", () => {
  it("BIRD 2 parses the snippet (bird -p -c), and would reject a broken one", () => {
    const file = path.join(dir, "bird.conf");
    writeFileSync(file, `router id 198.18.0.40;\n${text("bird")}`);
    const result = check("bird", ["-p", "-c", file]);
    expect(result.status, result.out).toBe(0);
    writeFileSync(file, `${text("bird")}\nprotocol bgp broken { neighbor as; }\n`);
    expect(check("bird", ["-p", "-c", file]).status).not.toBe(0);
  });

  it("FRR accepts each ASN's snippet in a dry run (vtysh --dryrun), and would reject a broken one", () => {
    const file = path.join(dir, "frr.conf");
    expect(snippets.filter((s) => s.language === "frr").map((s) => s.id)).toEqual(["frr-as64512", "frr-as4200000001"]);
    for (const id of ["frr-as64512", "frr-as4200000001"]) {
      writeFileSync(file, text(id));
      const result = check("vtysh", ["--dryrun", "-f", file]);
      expect(result.status, result.out).toBe(0);
    }
    expect(text("frr-as4200000001")).toContain("router bgp 4200000001");
    expect(text("frr-as64512")).toContain("neighbor 2001:2:0:1::1 activate");
    writeFileSync(file, `${text("frr-as64512")}router bgp 64512\n neighbor 198.18.0.1 remote-ass 1\n`);
    expect(check("vtysh", ["--dryrun", "-f", file]).status).not.toBe(0);
  });
});
