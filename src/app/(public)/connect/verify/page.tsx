import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/server/db/client";
import { verifyRequest, VerificationError } from "@/server/requests/verify";

export const metadata: Metadata = { title: "Confirm your email" };
export const dynamic = "force-dynamic";

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  let problem: string;
  try {
    const { statusToken } = await verifyRequest(getDb(), typeof token === "string" ? token : "");
    redirect(`/requests/${statusToken}?verified=1`);
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    problem = error.message;
  }
  return (
    <section className="space-y-3">
      <h1 className="text-2xl font-bold text-brand-900">Confirm your email</h1>
      <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-800">
        {problem}
      </p>
      <Link href="/connect" className="text-brand-700 underline">
        Go to the Connect page
      </Link>
    </section>
  );
}
