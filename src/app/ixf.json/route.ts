import { ixfPreflightResponse, ixfResponse } from "@/server/ixf/http";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => ixfResponse(request);
export const OPTIONS = () => ixfPreflightResponse();
