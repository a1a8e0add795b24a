import { env } from "@/server/env";
import { peeringRequestSchema } from "@/shared/validation/request";

/** The request schema with this IX's settings: what the form action, the API and the CLI parse with. */
export function requestSchema() {
  return peeringRequestSchema({ allowPrivateAsns: env().ALLOW_PRIVATE_ASNS });
}
