import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { env } from "@/server/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: env().IX_NAME, template: `%s · ${env().IX_SHORTNAME}` },
  description: `${env().IX_NAME}: peering for networks of every size.`,
  // Files in public/: the .ico for browsers that ask for /favicon.ico, the SVG where it is understood.
  icons: { icon: [{ url: "/favicon.ico", sizes: "16x16 32x32 48x48" }, { url: "/icon.svg", type: "image/svg+xml" }] },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

const NAV = [
  { href: "/peers", label: "Peers" },
  { href: "/locations", label: "Locations" },
  { href: "/lg", label: "Looking glass" },
  { href: "/connect", label: "Connect" },
  { href: "/portal", label: "Member portal" },
];

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: its scripts need that response's CSP nonce (src/proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="text-lg font-semibold text-brand-900">
              {env().IX_SHORTNAME}
            </Link>
            {NAV.map((item) => (
              <Link key={item.href} href={item.href} className="text-sm text-slate-600 hover:text-brand-700">
                {item.label}
              </Link>
            ))}
          </nav>
        </header>
        <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
