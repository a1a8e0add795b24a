/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/server-only packages stay outside the bundle.
  serverExternalPackages: ["mysql2", "pino", "nodemailer", "node-cron"],
  poweredByHeader: false,
  // forbidden() renders a real 403 for signed-in users without the role. serverActions.bodySizeLimit stays
  // at its default (1 MB): src/server/http/form-body.ts answers larger form posts with 413 first.
  experimental: { authInterrupts: true },
};

export default nextConfig;
