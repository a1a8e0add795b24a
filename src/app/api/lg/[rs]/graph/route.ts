import { lgApi } from "@/server/lookingglass/api";

/** GET /api/lg/<rs>/graph?prefix=<prefix> or ?protocol=<session>: the AS-path graph (nodes and edges). */
export async function GET(request: Request, { params }: { params: Promise<{ rs: string }> }) {
  return lgApi(request, "graph", (await params).rs);
}
