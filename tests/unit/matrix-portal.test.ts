import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postMeshReport } from "@/server/matrix/mesh-probe";

/** The agent's delivery to the portal (shared by the mesh probe and the LAN watcher). */

const received: { method?: string; url?: string; authorization?: string; body: string }[] = [];
let portal: string;
const server = createServer((request: IncomingMessage, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    received.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
    if (request.headers.authorization === "Bearer good") return response.writeHead(204).end();
    response.writeHead(403, { "content-type": "application/problem+json" }).end(JSON.stringify({ status: 403, detail: "this needs the volunteer role" }));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("posting a report to the portal", () => {
  const report = { pop: "TA", links: [{ peer: "TB", sent: 2, received: 2, rttAvgMs: 0.4 }] };

  it("POSTs the report as JSON with the bearer token to the API path", async () => {
    await postMeshReport(portal, "good")(report);
    expect(received.at(-1)).toEqual({ method: "POST", url: "/api/v1/matrix/mesh", authorization: "Bearer good", body: JSON.stringify(report) });
  });

  it("a refusal fails with the status and the portal's problem detail", async () => {
    await expect(postMeshReport(portal, "member")(report)).rejects.toThrow("the portal refused the report: 403 this needs the volunteer role");
  });
});
