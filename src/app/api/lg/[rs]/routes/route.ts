import { lgApi } from "@/server/lookingglass/api";

/** GET /api/lg/<rs>/routes?protocol=<session>&set=accepted|filtered|noexport: one neighbor's routes (filtered ones with reasons). */
export async function GET(request: Request, { params }: { params: Promise<{ rs: string }> }) {
  return lgApi(request, "routes", (await params).rs);
}
