import { lgApi } from "@/server/lookingglass/api";

/** GET /api/lg: the route servers the looking glass covers. */
export const GET = (request: Request) => lgApi(request, "servers");
