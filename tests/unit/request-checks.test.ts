import { describe, expect, it } from "vitest";
import type { Executor } from "@/server/db/client";
import { runRequestChecks } from "@/server/requests/checks";
import { peeringDbCheck } from "@/server/requests/checks/peeringdb";

// This IX has PeeringDB lookups off (PEERINGDB_URL unset), as the default configuration does.
delete process.env.PEERINGDB_URL;

const subject = { asn: 213999, networkName: "Example Networks", contactEmail: "noc@example.net", tunnelType: "vxlan" as const };
// The PeeringDB check never touches the database.
const context = { db: null as unknown as Executor, allowPrivateAsns: false };

describe("request checks that cannot be made", () => {
  it("with PeeringDB lookups off, the PeeringDB check says it was not run, not that the network is missing", async () => {
    const { results } = await runRequestChecks(subject, context, [peeringDbCheck]);
    expect(results).toEqual([
      expect.objectContaining({
        check: "peeringdb",
        outcome: "not_run",
        detail: "Not checked: PeeringDB lookups are off (PEERINGDB_URL is not set)",
      }),
    ]);
    expect(results[0]!.detail).not.toMatch(/Not on PeeringDB/);
  });

  it("a check that throws is reported as not run, with the reason", async () => {
    const broken = { id: "broken", label: "Broken", run: () => Promise.reject(new Error("the lookup timed out")) };
    const { results } = await runRequestChecks(subject, context, [broken]);
    expect(results).toEqual([{ check: "broken", label: "Broken", outcome: "not_run", detail: "Not checked: the lookup timed out" }]);
  });
});
