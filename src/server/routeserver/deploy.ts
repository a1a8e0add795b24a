import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { routeServers } from "@/server/db/schema";
import { tryLease, type HeldLease } from "@/server/db/lease";
import { env as readEnv, type Env } from "@/server/env";
import { BirdClient, type BirdEndpoint } from "./bird-client";
import { localConfigHost, sshConfigHost, type ConfigHost } from "./config-host";
import { findRouteServer, loadRenderInput, renderOptionsFromEnv } from "./queries";
import { END_MARKER, renderRouteServerConfig } from "./render";

export interface DeployStep {
  step: "lock" | "render" | "write" | "check" | "compare" | "configure" | "record";
  ok: boolean;
  detail: string;
}

export interface DeployReport {
  routeServer: string;
  ok: boolean;
  changed: boolean;
  steps: DeployStep[];
}

export interface RolloutTarget {
  configPath: string;
  /** Where the files are written and `bird -p -c` runs: the route server's own host. */
  host: ConfigHost;
  endpoint: BirdEndpoint;
  /** Fencing: throws if this deploy no longer holds the route server's lease; checked before the swap. */
  fence?: () => Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Write the new config beside the running one, let `bird -p -c` parse it, and only if it parses and
 * differs swap it in and `configure` BIRD. The file at configPath is always the one BIRD runs:
 * a failed configure puts the previous file back.
 */
export async function rolloutConfig(config: string, target: RolloutTarget, steps: DeployStep[] = []): Promise<{ ok: boolean; changed: boolean; steps: DeployStep[] }> {
  const candidate = `${target.configPath}.new`;
  const previous = `${target.configPath}.prev`;
  const { host } = target;
  const fail = async (step: DeployStep["step"], detail: string) => {
    steps.push({ step, ok: false, detail });
    await host.remove(candidate).catch(() => undefined);
    return { ok: false, changed: false, steps };
  };

  try {
    await host.write(candidate, config);
    // A short write (disk full, quota) could still parse: only the exact text may go further.
    if ((await host.read(candidate)) !== config) return fail("write", `${candidate} on disk differs from the rendered config`);
  } catch (error) {
    return fail("write", `cannot write ${candidate}: ${message(error)}`);
  }
  if (!config.endsWith(`${END_MARKER}\n`)) return fail("write", "the config does not end with the generator's end marker: refusing a truncated config");
  steps.push({ step: "write", ok: true, detail: `${candidate} (${config.length} bytes)` });

  try {
    await host.check(candidate);
    steps.push({ step: "check", ok: true, detail: "bird -p accepts it" });
  } catch (error) {
    return fail("check", `bird -p rejects it: ${message(error)}`);
  }

  let running: string | null;
  try {
    running = await host.read(target.configPath);
  } catch (error) {
    return fail("compare", `cannot read the running config: ${message(error)}`);
  }
  if (running === config) {
    await host.remove(candidate);
    steps.push({ step: "compare", ok: true, detail: "identical to the running config: nothing to reload" });
    return { ok: true, changed: false, steps };
  }
  steps.push({ step: "compare", ok: true, detail: running === null ? "no running config file yet" : "differs from the running config" });

  try {
    await target.fence?.();
  } catch (error) {
    return fail("lock", message(error));
  }
  try {
    if (running !== null) await host.copy(target.configPath, previous);
    await host.rename(candidate, target.configPath);
  } catch (error) {
    return fail("configure", `cannot put the new config in place, BIRD not touched: ${message(error)}`);
  }
  try {
    const client = await BirdClient.connect(target.endpoint);
    try {
      const reply = await client.command(`configure "${target.configPath}"`, 300_000);
      steps.push({ step: "configure", ok: true, detail: reply.map((line) => line.text).filter(Boolean).join("; ") });
    } finally {
      client.close();
    }
  } catch (error) {
    const restored = await (running !== null ? host.rename(previous, target.configPath) : host.remove(target.configPath)).then(
      () => "previous config file restored",
      (restoreError: unknown) => `and restoring the previous file failed too: ${message(restoreError)}`,
    );
    steps.push({ step: "configure", ok: false, detail: `BIRD refused or was unreachable (${message(error)}); ${restored}` });
    return { ok: false, changed: false, steps };
  }
  return { ok: true, changed: true, steps };
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface DeployOptions {
  env?: Env;
  /** Overrides RS_CONFIG_DIR (tests, staging). */
  configDir?: string;
  now?: Date;
  /** How long to wait for another deploy of the same route server; default 30 s. */
  lockWaitSeconds?: number;
}

/**
 * Render from the database and roll out to one route server; callable from the worker and the CLI.
 * One deploy per route server at a time, across processes and hosts (a lease, checked again before the swap).
 */
export async function deployRouteServer(db: Database, name: string, options: DeployOptions = {}): Promise<DeployReport> {
  const lock = await tryLease(db, `routeserver-deploy:${name}`, { waitMs: (options.lockWaitSeconds ?? 30) * 1000 });
  if (!lock) {
    return { routeServer: name, ok: false, changed: false, steps: [{ step: "lock", ok: false, detail: `another deploy of ${name} is still running; try again when it has finished` }] };
  }
  try {
    return await deployLocked(db, name, options, lock);
  } finally {
    await lock.release();
  }
}

async function deployLocked(db: Database, name: string, options: DeployOptions, lease: HeldLease): Promise<DeployReport> {
  const env = options.env ?? readEnv();
  const steps: DeployStep[] = [];
  const report = (ok: boolean, changed: boolean): DeployReport => ({ routeServer: name, ok, changed, steps });
  const routeServer = await findRouteServer(db, name);
  if (!routeServer) {
    steps.push({ step: "render", ok: false, detail: `no route server named ${JSON.stringify(name)}` });
    return report(false, false);
  }
  if (!SAFE_NAME.test(routeServer.name)) {
    steps.push({ step: "render", ok: false, detail: "route server name is not usable as a file name" });
    return report(false, false);
  }
  let rendered: ReturnType<typeof renderRouteServerConfig>;
  try {
    rendered = renderRouteServerConfig(await loadRenderInput(db, routeServer, (lanPrefixes, neverVia) => renderOptionsFromEnv(env, lanPrefixes, neverVia), options.now ?? new Date()));
  } catch (error) {
    steps.push({ step: "render", ok: false, detail: message(error) });
    return report(false, false);
  }
  const skipped = rendered.skipped.map((s) => `${s.address}: ${s.reason}`);
  steps.push({ step: "render", ok: true, detail: `${rendered.sessions.length} sessions${skipped.length ? `; skipped ${skipped.join("; ")}` : ""}` });

  const result = await rolloutConfig(rendered.config, {
    configPath: join(options.configDir ?? env.RS_CONFIG_DIR, `${routeServer.name}.conf`),
    host: routeServer.sshHost ? sshConfigHost({ sshHost: routeServer.sshHost, sshUser: routeServer.sshUser }, env.BIRD_BINARY) : localConfigHost(env.BIRD_BINARY),
    endpoint: routeServer,
    fence: () => lease.assertHeld(),
  }, steps);
  if (result.ok) {
    await db.update(routeServers).set({ lastDeployedAt: options.now ?? new Date() }).where(eq(routeServers.id, routeServer.id));
    steps.push({ step: "record", ok: true, detail: "last_deployed_at updated" });
  }
  return report(result.ok, result.changed);
}

/** A pair (or more) one after the other; stops at the first failure so one route server keeps working. */
export async function deployRouteServers(db: Database, names: string[], options: DeployOptions = {}): Promise<DeployReport[]> {
  const reports: DeployReport[] = [];
  for (const name of names) {
    const report = await deployRouteServer(db, name, options);
    reports.push(report);
    if (!report.ok) break;
  }
  return reports;
}
