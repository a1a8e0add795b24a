/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/server-only packages stay outside the bundle.
  serverExternalPackages: ["mysql2", "pino", "nodemailer", "node-cron"],
  poweredByHeader: false,
};

export default nextConfig;
