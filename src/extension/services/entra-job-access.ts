/**
 * How the extension reaches the Entra provisioning job: an engine run on the active configuration (the session's
 * credentials), a synchronization client on its Graph client, and `EntraProvisioningJob.locate`. The view and every
 * job command go through {@link withEntraJob}, so they find the same job and share the 5 requests / 10 s limiters of
 * provision-on-demand and the provisioning logs (a new client per command would forget the calls just made).
 */
import type { EngineRun } from '../../app/engine-run';
import { EntraProvisioningJob, type LocateOptions } from '../../clients/graph/entra-job';
import { GraphApiError, ON_DEMAND_AND_LOGS_LIMIT, SlidingWindowLimiter, SynchronizationClient, SynchronizationPermissionError } from '../../clients/graph';
import type { ProvisioningSession } from './session';

const onDemandLimiter = new SlidingWindowLimiter(ON_DEMAND_AND_LOGS_LIMIT.requests, ON_DEMAND_AND_LOGS_LIMIT.windowMs);
const logsLimiter = new SlidingWindowLimiter(ON_DEMAND_AND_LOGS_LIMIT.requests, ON_DEMAND_AND_LOGS_LIMIT.windowMs);

/** Opens a run, locates the job, runs `body`, closes the run (also when `body` throws). */
export async function withEntraJob<T>(session: Pick<ProvisioningSession, 'openRun'>, body: (job: EntraProvisioningJob, run: EngineRun) => Promise<T>, options: LocateOptions = {}): Promise<T> {
  // The job is Graph-only: no Zendesk credentials are needed to read or drive it.
  const run = await session.openRun({ requireZendesk: false });
  try {
    const sync = new SynchronizationClient(run.connections.graph, { onDemandLimiter, logsLimiter });
    const job = await EntraProvisioningJob.locate(run.connections.graph, sync, run.loaded.config.entra, options);
    return await body(job, run);
  } finally {
    run.close();
  }
}

/** The permission Graph wants, when `error` is a 403 from the synchronization or reports API; else undefined. */
export function missingPermission(error: unknown): string | undefined {
  if (error instanceof SynchronizationPermissionError) return error.requiredPermission;
  if (error instanceof GraphApiError && error.status === 403) {
    // The provisioning logs are the reports API (AuditLog.Read.All); everything else here is the synchronization API.
    return /auditLogs/i.test(error.call) ? 'AuditLog.Read.All' : 'Synchronization.ReadWrite.All';
  }
  return undefined;
}

/**
 * Whether `locate` failed because the enterprise app has no provisioning job yet (the view then offers Push, which
 * creates it). Matched on the error's name first, then on the facade's wording.
 */
export function isNoJobError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (/^(EntraJobNotFoundError|JobNotFoundError|NoProvisioningJobError)$/.test(error.name)) return true;
  return /\bno (Zendesk )?(provisioning |synchronization )?job\b/i.test(error.message) || /\bhas no (Zendesk )?(provisioning |synchronization )?job\b/i.test(error.message);
}
