import { env } from "@/server/env";

const base = () => env().APP_URL.replace(/\/+$/, "");

export const verificationUrl = (token: string) => `${base()}/connect/verify?token=${encodeURIComponent(token)}`;
export const statusUrl = (statusToken: string) => `${base()}/requests/${encodeURIComponent(statusToken)}`;
export const portalUrl = () => `${base()}/portal`;
export const loginUrl = () => `${base()}/login`;
export const registryProofUrl = (token: string) => `${base()}/connect/proof?token=${encodeURIComponent(token)}`;
