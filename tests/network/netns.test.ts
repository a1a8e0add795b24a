import { afterAll, describe, expect, it } from "vitest";
import { createNamespace, run, type Namespace } from "../helpers/netns";

const created: Namespace[] = [];
afterAll(() => created.forEach((ns) => ns.remove()));

describe("network test harness", () => {
  it("joins two namespaces with a veth pair and pings across, then removes them", () => {
    const left = createNamespace("left");
    const right = createNamespace("right");
    created.push(left, right);
    const suffix = left.name.slice(-4);
    run("ip", ["link", "add", `l${suffix}`, "netns", left.name, "type", "veth", "peer", "name", `r${suffix}`, "netns", right.name]);
    left.exec("ip", ["addr", "add", "10.255.0.1/30", "dev", `l${suffix}`]);
    right.exec("ip", ["addr", "add", "10.255.0.2/30", "dev", `r${suffix}`]);
    left.exec("ip", ["link", "set", `l${suffix}`, "up"]);
    right.exec("ip", ["link", "set", `r${suffix}`, "up"]);
    // fping exits non-zero (and exec throws) unless the far end answers.
    expect(left.exec("fping", ["-q", "-r", "2", "10.255.0.2"])).toBe("");

    left.remove();
    right.remove();
    expect(run("ip", ["netns", "list"])).not.toContain(left.name);
    expect(run("ip", ["netns", "list"])).not.toContain(right.name);
  });

  it("puts many addresses on lo inside a namespace (the kernel has no dummy links)", () => {
    const ns = createNamespace("lo");
    created.push(ns);
    for (let i = 1; i <= 20; i++) ns.exec("ip", ["addr", "add", `198.18.0.${i}/32`, "dev", "lo"]);
    expect(ns.exec("fping", ["-q", "-r", "0", "-t", "200", "198.18.0.1", "198.18.0.20"]).trim()).toBe("");
    expect(ns.exec("ip", ["-4", "-o", "addr", "show", "dev", "lo"]).split("\n").filter((l) => l.includes("198.18.0.")).length).toBe(20);
  });
});
