import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZerotierController, ZerotierError } from "@/server/tunnels/zerotier/client";
import { planZerotier } from "@/server/tunnels/zerotier/reconcile";
import { startZerotierController } from "../helpers/zerotier-controller";

const NETWORK = "8056c2e21c000001";
const TOKEN = "s3cret-token-value";
let fake: Awaited<ReturnType<typeof startZerotierController>>;

beforeAll(async () => {
  fake = await startZerotierController(TOKEN, [{ id: NETWORK, routes: [] }]);
});
afterAll(() => fake.close());

describe("ZeroTier controller client", () => {
  it("authorises a node with its addresses, lists it, and de-authorises it", async () => {
    const controller = new ZerotierController(fake.url, TOKEN);
    const member = await controller.authorize(NETWORK, "a1b2c3d4e5", ["198.18.0.40", "2001:2:0:1::40"]);
    expect(member).toMatchObject({ authorized: true, ipAssignments: ["198.18.0.40", "2001:2:0:1::40"] });
    expect(await controller.listMembers(NETWORK)).toEqual(["a1b2c3d4e5"]);
    expect(await controller.getMember(NETWORK, "a1b2c3d4e5")).toMatchObject({ authorized: true });
    expect(await controller.deauthorize(NETWORK, "a1b2c3d4e5")).toMatchObject({ authorized: false, ipAssignments: [] });
    expect(fake.requests).toContain(`POST /controller/network/${NETWORK}/member/a1b2c3d4e5`);
  });

  it("refuses ids that are not hex before any request, and never puts the token in an error", async () => {
    const controller = new ZerotierController(fake.url, TOKEN);
    const before = fake.requests.length;
    await expect(controller.authorize(NETWORK, "../../x", [])).rejects.toThrow();
    await expect(controller.authorize("8056c2e21c00000/", "a1b2c3d4e5", [])).rejects.toThrow();
    expect(fake.requests.length).toBe(before);
    const wrong = new ZerotierController(fake.url, "wrong-token");
    const error = await wrong.listMembers(NETWORK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZerotierError);
    expect(String((error as Error).message)).toContain("401");
    expect(String((error as Error).message)).not.toContain("wrong-token");
    await expect(new ZerotierController("http://127.0.0.1:1", TOKEN).listMembers(NETWORK)).rejects.toThrow(/unreachable/);
  });

  it("plans authorise for missing or drifted members and de-authorise for unknown ones", () => {
    const expected = { networkId: NETWORK, members: new Map([["aaaaaaaaaa", ["198.18.0.1"]], ["bbbbbbbbbb", ["198.18.0.2"]], ["cccccccccc", ["198.18.0.3"]]]) };
    const actual = new Map([
      ["aaaaaaaaaa", { authorized: true, ipAssignments: ["198.18.0.1"] }],
      ["bbbbbbbbbb", { authorized: true, ipAssignments: ["198.18.0.9"] }],
      ["dddddddddd", { authorized: true, ipAssignments: ["198.18.0.4"] }],
      ["eeeeeeeeee", { authorized: false, ipAssignments: [] }],
    ]);
    expect(planZerotier(expected, actual).map((a) => `${a.action} ${a.nodeId}`)).toEqual(["authorize bbbbbbbbbb", "authorize cccccccccc", "deauthorize dddddddddd"]);
  });
});
