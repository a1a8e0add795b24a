import { docsAsset } from "@/server/api/docs-page";
import { problem } from "@/server/api/problem";

/** GET /api/docs/assets/swagger-ui-bundle.js and swagger-ui.css, from the swagger-ui-dist package. */
export async function GET(_request: Request, route: { params: Promise<{ file: string }> }): Promise<Response> {
  const asset = await docsAsset((await route.params).file);
  if (!asset) return problem(404, "no such file");
  return new Response(new Uint8Array(asset.body), { headers: { "Content-Type": asset.type, "Cache-Control": "public, max-age=86400" } });
}
