import Link from "next/link";
import { logout } from "@/server/auth/actions";

/** The navigation bar of the portal and admin sections: links, who is signed in, and signing out. */
export function SectionNav({ links, signedInAs }: { links: readonly { href: string; label: string }[]; signedInAs: string }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 pb-3">
      {links.map((item) => (
        <Link key={item.href} href={item.href} className="text-sm font-medium text-slate-700 hover:text-brand-700">
          {item.label}
        </Link>
      ))}
      <form action={logout} className="ml-auto flex items-center gap-2 text-sm text-slate-500">
        <span>{signedInAs}</span>
        <button type="submit" className="underline hover:text-brand-700">
          Sign out
        </button>
      </form>
    </div>
  );
}
