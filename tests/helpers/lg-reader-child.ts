/**
 * A second process for tests/integration/looking-glass-reader.test.ts: at `startAt` (epoch ms) it sends `count`
 * distinct reads through the looking glass's BIRD reader, paced at 5 per second against the given database,
 * and prints how many were answered.
 *
 *   node --import tsx tests/helpers/lg-reader-child.ts <database url> <control socket> <route server id> <count> <startAt>
 */
import { createDb, createPool } from "@/server/db/client";
import { readBird } from "@/server/lookingglass/bird-reader";
import type { RouteServerRecord } from "@/server/routeserver/queries";

const [url, controlSocket, id, count, startAt] = process.argv.slice(2) as [string, string, string, string, string];
const pool = createPool(url, 5);
const routeServer = { id: Number(id), name: `rs${id}`, controlSocket, sshHost: null, sshUser: null } as unknown as RouteServerRecord;
const settings = { db: createDb(pool), queriesPerSecond: 5, cacheSeconds: 0, timeoutMs: 5000 };
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const answers = await Promise.all(Array.from({ length: Number(count) }, (_, i) => readBird(routeServer, `show route for 23.3.${i}.0`, settings)));
process.stdout.write(JSON.stringify({ answered: answers.length }));
await pool.end();
