import { getDb } from "@/server/db/client";
import { checkHealth } from "@/server/health/check";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(getDb());
  return Response.json(report, {
    status: report.db === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
