/**
 * The largest form post (server action) accepted. src/server/http/form-body.ts refuses larger ones with
 * 413 from their Content-Length (a unit test keeps its limit equal to this); Next then never has to
 * accept more in an action, nor keep more of a body in memory for src/proxy.ts.
 */
const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/server-only packages stay outside the bundle.
  serverExternalPackages: ["mysql2", "pino", "nodemailer", "node-cron"],
  poweredByHeader: false,
  experimental: {
    // forbidden() renders a real 403 for signed-in users without the role.
    authInterrupts: true,
    serverActions: { bodySizeLimit: FORM_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: FORM_BODY_LIMIT_BYTES,
  },
};

export default nextConfig;
