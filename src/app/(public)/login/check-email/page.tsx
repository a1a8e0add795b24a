import type { Metadata } from "next";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <section className="space-y-3">
      <h1 className="text-2xl font-bold text-brand-900">Check your email</h1>
      <p className="text-slate-700">
        If that address belongs to a member, volunteer or admin of this IX, a sign-in link is on its way. It works once
        and expires in 24 hours.
      </p>
    </section>
  );
}
