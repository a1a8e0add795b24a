import Link from "next/link";
import { logout } from "@/server/auth/actions";
import { requireRole } from "@/server/auth/guard";

/** Navigation only; every portal page checks the session and the client itself as well. */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("member", "/portal");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 pb-3">
        <Link href="/portal" className="text-sm font-medium text-slate-700 hover:text-brand-700">
          My network
        </Link>
        <form action={logout} className="ml-auto flex items-center gap-2 text-sm text-slate-500">
          <span>{user.email}</span>
          <button type="submit" className="underline hover:text-brand-700">
            Sign out
          </button>
        </form>
      </div>
      {children}
    </div>
  );
}
