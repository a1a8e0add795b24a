import { birdwatcherApi } from "@/server/lookingglass/api";

/** Birdwatcher-compatible endpoints for Alice-LG (docs/LOOKING-GLASS.md): api = <portal>/api/lg/<rs>/birdwatcher */
export async function GET(request: Request, { params }: { params: Promise<{ rs: string; path: string[] }> }) {
  const { rs, path } = await params;
  return birdwatcherApi(request, rs, path);
}
