import { getDb } from "@/server/db/client";
import { handleIxApi } from "@/server/ixapi/router";

export const dynamic = "force-dynamic";

/** IX-API v2 (docs/IX-API.md): one handler for every resource; the routing lives in src/server/ixapi/router.ts. */
async function handle(request: Request, route: { params: Promise<{ path: string[] }> }): Promise<Response> {
  return handleIxApi(getDb(), request, (await route.params).path);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
