import type { NextRequest } from "next/server";
import { unavailablePage } from "@/server/http/unavailable";

export const dynamic = "force-dynamic";

export function GET(request: NextRequest): Response {
  return unavailablePage(request.nextUrl.searchParams.get("from"));
}
