/**
 * How a tunnel server's agent delivers a report to the portal's API (the LAN watcher, the mesh probe):
 * POST JSON with a volunteer's bearer token. A portal that does not answer in time fails the delivery
 * rather than holding up the next report.
 */
export const PORTAL_TIMEOUT_MS = 10_000;

export function portalPoster<T>(portalUrl: string, path: string, token: string): (report: T) => Promise<void> {
  const url = new URL(path, portalUrl);
  return async (report) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(PORTAL_TIMEOUT_MS),
    });
    if (!response.ok) {
      // The API answers problem+json; `detail` says why.
      const body = (await response.json().catch(() => ({}))) as { detail?: string };
      throw new Error(`the portal refused the report: ${response.status} ${body.detail ?? response.statusText}`);
    }
  };
}
