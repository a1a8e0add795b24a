import type { Metadata } from "next";
import { LoginForm } from "@/components/login-form";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "That account may not sign in.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-900">Sign in</h1>
      <p className="text-slate-700">Members, volunteers and admins sign in with a link sent to their email address.</p>
      {error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {ERRORS[error] ?? "Signing in did not work. Ask for a new link."}
        </p>
      )}
      <LoginForm callbackUrl={callbackUrl} />
    </section>
  );
}
