/**
 * bench/sync (c), the measurement itself: the plan for 100,000 users against an account in steady state — import from
 * in-memory ports, then buildPlan — with CPU time (process.cpuUsage) and the process's peak RSS.
 *
 * `bench/sync/index.ts` runs this module in a fresh Node process from an esbuild bundle built like the shipped CLI
 * (`esbuild.js`: bundle, CommonJS, node20), so the process holds what a CLI run of the plan holds — the engine, its
 * data, Node — and not tsx's compiler and module cache (~30 MB, plus per-closure `keepNames` and getter-based exports
 * that cost CPU). `BENCH_SYNC_PLAN_IN_PROCESS=1` runs it in the tsx process instead, for comparison.
 */
import { defaultConfig } from '../../src/core/config';
import { buildPlan, compileConfig, importModel, type ProvisioningPlan } from '../../src/core/engine';
import { MemoryEntra, SERVICE_PRINCIPAL_ID, steadyState } from './tenant';

export interface PlanMeasurement {
  readonly users: number;
  readonly groups: number;
  readonly summary: ProvisioningPlan['summary'];
  readonly importCpuMs: number;
  readonly importWallMs: number;
  readonly planCpuMs: number;
  readonly planWallMs: number;
  readonly baselineRss: number;
  readonly dataRss: number;
  readonly peakRss: number;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

export async function measurePlan(users: number, groups: number): Promise<PlanMeasurement> {
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRss = process.memoryUsage.rss();
  const shape = { users, groups };
  const now = new Date();
  const { zendesk, state } = steadyState(shape, now.toISOString());
  const compiled = compileConfig(
    defaultConfig({ tenantId: 'contoso.onmicrosoft.com', servicePrincipalId: SERVICE_PRINCIPAL_ID, subdomain: 'bench', adminEmail: 'admin@bench.example' }),
  );
  // The users come read from Graph (JSON-parsed, projected to the engine's $select) like the Zendesk users do.
  const entra = new MemoryEntra(shape, compiled.userSelect);
  const dataRss = process.memoryUsage.rss();
  const importCpu = process.cpuUsage();
  const importStarted = performance.now();
  const model = await importModel({ entra, zendesk }, compiled, state);
  const importWallMs = performance.now() - importStarted;
  const importCpuMs = cpuMs(process.cpuUsage(importCpu));
  const planCpu = process.cpuUsage();
  const planStarted = performance.now();
  const plan = buildPlan(compiled, model, state, { now });
  const planWallMs = performance.now() - planStarted;
  const planCpuMs = cpuMs(process.cpuUsage(planCpu));
  // The kernel's high-water mark of this process (getrusage ru_maxrss): exact, where sampling could miss a short peak.
  // The measurement runs first in its process, so it is the plan's peak.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return { users, groups, summary: plan.summary, importCpuMs, importWallMs, planCpuMs, planWallMs, baselineRss, dataRss, peakRss };
}

/** Run as the child process: `node --expose-gc <bundle> <users> <groups>` prints one JSON measurement. */
if (process.env['BENCH_SYNC_PLAN_CHILD'] === '1') {
  measurePlan(Number(process.argv[2]), Number(process.argv[3])).then(
    (measurement) => process.stdout.write(`${JSON.stringify(measurement)}\n`),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
