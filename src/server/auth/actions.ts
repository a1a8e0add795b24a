"use server";

import { z } from "zod";
import { emailSchema } from "@/shared/validation/user";
import { signIn, signOut } from "./config";

const loginSchema = z.object({
  email: emailSchema,
  callbackUrl: z
    .string()
    .optional()
    // Only local paths: never bounce a fresh session to another site.
    .transform((value) => (value && value.startsWith("/") && !value.startsWith("//") ? value : "/portal")),
});

export interface LoginFormState {
  email?: string;
  error?: string;
}

export async function requestLoginLink(_previous: LoginFormState, form: FormData): Promise<LoginFormState> {
  const parsed = loginSchema.safeParse({ email: form.get("email"), callbackUrl: form.get("callbackUrl") ?? undefined });
  if (!parsed.success) {
    return { email: String(form.get("email") ?? ""), error: parsed.error.issues[0]?.message ?? "check the email address" };
  }
  // Redirects to the "check your email" page (throws NEXT_REDIRECT, which must not be caught).
  await signIn("nodemailer", { email: parsed.data.email, redirectTo: parsed.data.callbackUrl });
  return {};
}

export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
