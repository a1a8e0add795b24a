import type { Metadata } from "next";
import { MaintenanceForm } from "@/components/admin/maintenance-form";
import { Cell, DataTable, Row } from "@/components/data-table";
import { ActionForm } from "@/components/form/action-form";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { listLocations } from "@/server/locations/queries";
import { cancelMaintenanceAction } from "@/server/maintenance/actions";
import { affectedMembers } from "@/server/maintenance/queries";
import { describeTarget, findMaintenance, listMaintenance, windowStatus, type WindowStatus } from "@/server/maintenance/windows";
import { listActiveRouteServers } from "@/server/routeserver/queries";
import { idSchema } from "@/shared/validation/form";
import { utcMinute } from "@/shared/utc";

export const metadata: Metadata = { title: "Maintenance" };

const STATUS_LABELS: Record<WindowStatus, string> = { upcoming: "Upcoming", ongoing: "Ongoing", over: "Over", cancelled: "Cancelled" };

export default async function MaintenancePage({ searchParams }: { searchParams: Promise<{ all?: string; cancelled?: string; emailed?: string }> }) {
  await requireRole("volunteer", "/admin/maintenance");
  const { all, cancelled, emailed } = await searchParams;
  const db = getDb();
  const cancelledId = idSchema.safeParse(cancelled);
  const justCancelled = cancelledId.success ? await findMaintenance(db, cancelledId.data) : undefined;
  const now = new Date();
  const [windows, pops, routeServers] = await Promise.all([listMaintenance(db, { now, includePast: all === "1" }), listLocations(db), listActiveRouteServers(db)]);
  const concerned = await Promise.all(windows.map(async (window) => (await affectedMembers(db, window)).length));
  return (
    <section className="space-y-6">
      <PageHeader title="Maintenance">
        Members concerned are emailed when you schedule, 24 hours before and when the window ends. Route servers in a window tag what they send with
        GRACEFUL_SHUTDOWN from {env().MAINTENANCE_GSHUT_LEAD_MINUTES} minutes before it. Calendar feed: <a href="/maintenance.ics" className="text-brand-700 underline">/maintenance.ics</a>.
      </PageHeader>
      {justCancelled?.cancelledAt && (
        <p role="status" className="text-sm text-green-800">
          Maintenance of {describeTarget(justCancelled)} cancelled; {Number(emailed) || 0} member(s) emailed.
        </p>
      )}
      <Section id="schedule" title="Schedule maintenance" boxed>
        <MaintenanceForm pops={pops.map((pop) => ({ code: pop.code, name: pop.name }))} routeServers={routeServers} />
      </Section>
      <Section id="windows" title={all === "1" ? "All maintenance" : "Upcoming and ongoing maintenance"}>
        <p className="text-sm">
          {all === "1" ? <a href="/admin/maintenance" className="text-brand-700 underline">Only upcoming and ongoing</a> : <a href="/admin/maintenance?all=1" className="text-brand-700 underline">Show past and cancelled too</a>}
        </p>
        {windows.length === 0 ? (
          <p className="text-slate-600">No maintenance planned.</p>
        ) : (
          <DataTable headers={["Status", "What", "When (UTC)", "Reason and impact", "Members concerned", ""]}>
            {windows.map((window, index) => (
              <Row key={window.id} testId={`maintenance-${window.id}`}>
                <Cell small>{STATUS_LABELS[windowStatus(window, now)]}</Cell>
                <Cell>{describeTarget(window)}</Cell>
                <Cell small>
                  {utcMinute(window.startsAt)} –<br />
                  {utcMinute(window.endsAt)}
                </Cell>
                <Cell small>
                  <strong>{window.reason}</strong>
                  <div className="whitespace-pre-line text-slate-600">{window.impact}</div>
                </Cell>
                <Cell small>{concerned[index]}</Cell>
                <Cell>
                  {!window.cancelledAt && window.endsAt > now && (
                    <ActionForm action={cancelMaintenanceAction} submitLabel="Cancel maintenance" inline danger>
                      <input type="hidden" name="id" value={window.id} />
                    </ActionForm>
                  )}
                </Cell>
              </Row>
            ))}
          </DataTable>
        )}
      </Section>
    </section>
  );
}
