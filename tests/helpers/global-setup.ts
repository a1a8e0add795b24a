import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import mysql from "mysql2/promise";
import { TEST_SERVER_URL } from "./run-id";

/** Gives the run an id, and afterwards removes every database and namespace that carries it. */
export default function setup() {
  const runId = process.env.IXP_TEST_RUN_ID ?? randomBytes(3).toString("hex");
  process.env.IXP_TEST_RUN_ID = runId;
  return async () => {
    const connection = await mysql.createConnection({ uri: TEST_SERVER_URL });
    try {
      const [rows] = await connection.query<mysql.RowDataPacket[]>("SHOW DATABASES LIKE ?", [`ixpt_${runId}_%`]);
      for (const row of rows) await connection.query(`DROP DATABASE IF EXISTS \`${Object.values(row)[0] as string}\``);
    } finally {
      await connection.end();
    }
    let namespaces: string[] = [];
    try {
      namespaces = execFileSync("ip", ["netns", "list"], { encoding: "utf8" })
        .split("\n")
        .map((line) => line.split(" ")[0] ?? "")
        .filter((name) => name.startsWith(`ixpt${runId}`));
    } catch {
      // no iproute2: no namespaces were made either
    }
    for (const name of namespaces) execFileSync("ip", ["netns", "delete", name]);
  };
}
