import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** An RDAP answer body (RFC 9083), or how the server misbehaves for that ASN. */
export type FakeRdapAnswer = Record<string, unknown> | "not-found" | "hang";

const vcard = (name: string, email: string) => ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", name], ["kind", {}, "text", "group"], ["email", {}, "text", email]]];

/** An autnum record shaped like RIPE's and ARIN's answers: contacts as entities with roles and jCards. */
export function rdapAutnum(asn: number, contacts: { role: string; email: string; nested?: boolean }[]): Record<string, unknown> {
  const entity = (c: { role: string; email: string }, i: number) => ({ objectClassName: "entity", handle: `C${asn}-${i}`, roles: [c.role], vcardArray: vcard(`Contact ${i}`, c.email) });
  const nested = contacts.filter((c) => c.nested).map(entity);
  return {
    rdapConformance: ["rdap_level_0", "nro_rdap_profile_0"],
    objectClassName: "autnum",
    handle: `AS${asn}`,
    startAutnum: asn,
    endAutnum: asn,
    name: `NET-AS${asn}`,
    status: ["active"],
    entities: [
      { objectClassName: "entity", handle: `ORG-${asn}`, roles: ["registrant"], vcardArray: vcard(`Org of AS${asn}`, `registrant@as${asn}.example`), entities: nested },
      ...contacts.filter((c) => !c.nested).map(entity),
    ],
  };
}

/**
 * A local RDAP service and its RFC 9224 bootstrap file (at /bootstrap/asn.json, listing this server for
 * the ASNs given): each ASN answers its record, 404, or never (a timeout for the client).
 */
export async function startFakeRdap(answers: Record<number, FakeRdapAnswer>): Promise<{ url: string; bootstrapUrl: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  let base = "";
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/bootstrap/asn.json") {
      const services = [[Object.keys(answers), [`${base}/rdap/`]]];
      return void response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ version: "1.0", publication: "2026-11-01T00:00:00Z", services }));
    }
    const match = /^\/rdap\/autnum\/(\d+)$/.exec(path);
    const answer = match ? answers[Number(match[1])] : undefined;
    if (answer === "hang") return; // never answers; closeAllConnections ends it
    if (!answer || answer === "not-found") {
      return void response.writeHead(404, { "Content-Type": "application/rdap+json" }).end(JSON.stringify({ errorCode: 404, title: "not found" }));
    }
    response.writeHead(200, { "Content-Type": "application/rdap+json" }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    bootstrapUrl: `${base}/bootstrap/asn.json`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
