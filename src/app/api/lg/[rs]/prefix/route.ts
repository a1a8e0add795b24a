import { lgApi } from "@/server/lookingglass/api";

/** GET /api/lg/<rs>/prefix?prefix=<prefix or address>&exact=true|false: routes for a prefix (longest match unless exact). */
export async function GET(request: Request, { params }: { params: Promise<{ rs: string }> }) {
  return lgApi(request, "prefix", (await params).rs);
}
