import { authorize } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import { openvpnProfileDownload } from "@/server/tunnels/member/load";
import { idSchema } from "@/shared/validation/form";

export const dynamic = "force-dynamic";

/**
 * The member's OpenVPN client profile, with their private key: only for the member's own client (not
 * even volunteers), never cached, never logged or emailed.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const authorization = await authorize("member");
  if (!authorization.ok) return new Response(authorization.message, { status: authorization.status });
  const connectionId = idSchema.safeParse((await params).id);
  const clientId = authorization.user.clientId;
  if (!connectionId.success || clientId === null) return new Response("not found", { status: 404 });
  try {
    const { filename, body } = await openvpnProfileDownload(getDb(), connectionId.data, clientId);
    return new Response(body, {
      headers: {
        "Content-Type": "application/x-openvpn-profile",
        "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    // Another client's connection looks exactly like a missing one.
    if (error instanceof DomainError) return new Response("not found", { status: 404 });
    throw error;
  }
}
