/**
 * IX-API's error format: RFC 9457 problem details whose `type` is one of IX-API's error documents
 * (https://errors.ix-api.net/v2/...). Validation errors list the offending properties.
 */
const ERRORS = "https://errors.ix-api.net/v2";

export type IxapiErrorKind =
  | "validation-error"
  | "authentication-error"
  | "signature-expired"
  | "permission-denied"
  | "not-found"
  | "unable-to-fulfill"
  | "server-error";

const TITLES: Record<IxapiErrorKind, string> = {
  "validation-error": "Some fields did not validate.",
  "authentication-error": "Authentication Credentials Invalid",
  "signature-expired": "Signature has expired.",
  "permission-denied": "You do not have permission to perform this action.",
  "not-found": "The requested resource could not be found.",
  "unable-to-fulfill": "The request could not be fulfilled.",
  "server-error": "Internal server error",
};

export interface IxapiProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  properties?: { name: string; reason: string }[];
}

export function ixapiProblem(
  status: number,
  kind: IxapiErrorKind,
  detail?: string,
  extra: Partial<IxapiProblemBody> = {},
  headers: Record<string, string> = {},
): Response {
  const body: IxapiProblemBody = { type: `${ERRORS}/${kind}.html`, title: TITLES[kind], status, ...(detail ? { detail } : {}), ...extra };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}

export function validationProblem(properties: { name: string; reason: string }[], detail = "the request did not pass validation"): Response {
  return ixapiProblem(400, "validation-error", detail, { properties });
}

/** Zod issues as IX-API properties: the dotted path is the property name. */
export function propertiesFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({ name: issue.path.map(String).join(".") || "body", reason: issue.message }));
}
