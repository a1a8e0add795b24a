import { describe, expect, it } from "vitest";
import { FORM_BODY_LIMIT_BYTES, refuseOversizeFormPost } from "@/server/http/form-body";

interface LimitsConfig {
  experimental: { serverActions: { bodySizeLimit: number }; proxyClientMaxBodySize: number };
}

const post = (headers: Record<string, string>) => new Request("http://portal.test/connect", { method: "POST", headers });

describe("form post size", () => {
  it("is the limit Next.js applies to server actions and keeps for the proxy", async () => {
    const config = ((await import("../../next.config.mjs" as string)) as { default: LimitsConfig }).default;
    expect(config.experimental.serverActions.bodySizeLimit).toBe(FORM_BODY_LIMIT_BYTES);
    expect(config.experimental.proxyClientMaxBodySize).toBe(FORM_BODY_LIMIT_BYTES);
  });

  it("lets posts up to the limit through and answers larger or unmeasured ones in words", async () => {
    expect(refuseOversizeFormPost(post({ "content-length": String(FORM_BODY_LIMIT_BYTES) }))).toBeNull();
    expect(refuseOversizeFormPost(new Request("http://portal.test/connect"))).toBeNull();
    const tooLarge = refuseOversizeFormPost(post({ "content-length": String(FORM_BODY_LIMIT_BYTES + 1) }))!;
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toBe("The form is too large to send: at most 1 MB is accepted. Shorten what you entered and try again.");
    const unmeasured = refuseOversizeFormPost(post({}))!;
    expect(unmeasured.status).toBe(411);
    expect(await unmeasured.text()).toBe("A form must be sent with its length (Content-Length).");
  });
});
