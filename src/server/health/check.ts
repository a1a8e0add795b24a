import { sql } from "drizzle-orm";
import type { Database } from "@/server/db/client";

export interface HealthReport {
  status: "ok" | "degraded";
  db: "ok" | "unreachable";
  error?: string;
  checkedAt: string;
}

/** Answers within timeoutMs even when the database hangs; never includes credentials. */
export async function checkHealth(db: Database, timeoutMs = 3_000): Promise<HealthReport> {
  const checkedAt = new Date().toISOString();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", db: "ok", checkedAt };
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    return { status: "degraded", db: "unreachable", error: code ?? (error as Error).message, checkedAt };
  } finally {
    clearTimeout(timer);
  }
}
