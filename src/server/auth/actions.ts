"use server";

import { after } from "next/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/server/db/client";
import { env, requireSecret } from "@/server/env";
import { mailTransport } from "@/server/mail/transport";
import { emailSchema, sameSitePathSchema } from "@/shared/validation/user";
import { signOut } from "./config";
import { emailLoginLink } from "./login-link";

const loginSchema = z.object({
  email: emailSchema,
  // A page elsewhere is dropped: the link then goes to the user's home.
  callbackUrl: sameSitePathSchema.optional().catch(undefined),
});

export interface LoginFormState {
  email?: string;
  error?: string;
}

export async function requestLoginLink(_previous: LoginFormState, form: FormData): Promise<LoginFormState> {
  const parsed = loginSchema.safeParse({ email: form.get("email"), callbackUrl: form.get("callbackUrl") || undefined });
  if (!parsed.success) {
    return { email: String(form.get("email") ?? ""), error: parsed.error.issues[0]?.message ?? "check the email address" };
  }
  const { email, callbackUrl } = parsed.data;
  // Look the address up and send only after answering, so every address gets the same page in the same time.
  after(() => emailLoginLink(getDb(), mailTransport(), { email, appUrl: env().APP_URL, secret: requireSecret("AUTH_SECRET"), callbackPath: callbackUrl }));
  redirect("/login/check-email");
}

export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
