import { handlers, sessionRouteGet } from "@/server/auth/config";

export const GET = sessionRouteGet;
export const { POST } = handlers;
