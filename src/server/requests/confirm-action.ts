"use server";

// A module of its own: a public page may only pull in actions anonymous visitors are meant to call.
import { redirect } from "next/navigation";
import { getDb } from "@/server/db/client";
import { verifyRequest, VerificationError } from "./verify";

/** The confirm button on /connect/verify; a failed confirmation shows the page again with the reason. */
export async function confirmEmailAction(form: FormData): Promise<void> {
  const token = String(form.get("token") ?? "");
  let statusToken: string;
  try {
    ({ statusToken } = await verifyRequest(getDb(), token));
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    redirect(`/connect/verify?token=${encodeURIComponent(token)}`);
  }
  redirect(`/requests/${statusToken}?verified=1`);
}
