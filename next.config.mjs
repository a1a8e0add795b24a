/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/server-only packages stay outside the bundle.
  serverExternalPackages: ["mysql2", "pino", "nodemailer", "node-cron"],
  poweredByHeader: false,
  // Next would gzip every response again per request (and drops a route's own Content-Encoding): the IX-F
  // export is served pre-compressed instead; put a reverse proxy in front for TLS and page compression.
  compress: false,
  // forbidden() renders a real 403 for signed-in users without the role.
  experimental: { authInterrupts: true },
};

export default nextConfig;
