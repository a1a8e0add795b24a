import { getDb } from "@/server/db/client";
import { submitRequestFromApi } from "@/server/requests/api";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return submitRequestFromApi(getDb(), request);
}
