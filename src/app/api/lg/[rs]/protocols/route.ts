import { lgApi } from "@/server/lookingglass/api";

/** GET /api/lg/<rs>/protocols: the route server's BGP sessions with state, since and route counts. */
export async function GET(request: Request, { params }: { params: Promise<{ rs: string }> }) {
  return lgApi(request, "protocols", (await params).rs);
}
