/**
 * How the engine uses Zendesk's bulk capacity on the sandbox (issue 5: "≤ 100 per job, ≤ 30 in flight").
 *
 * BUG (src/core/engine/apply.ts, reported, not fixed here — src/ is not this test's to change): apply hands the port
 * one chunk of 100 at a time and awaits it (`bulk()` loops `for (const batch of chunks(...)) await call(batch)`), so
 * the client's ≤ 30-jobs-in-flight path never gets more than one job: Zendesk holds 1 job at a time. bench/sync shows
 * the cost at 10,000 users: ~20× the rate-limit floor and 0.06 Zendesk requests per user (each job polled ~4.5 times
 * alone instead of sharing `show_many` polls), missing both targets. Unskip once apply keeps several chunks in flight
 * (e.g. pass up to 30 × 100 items per port call, or run chunks concurrently) while keeping per-chunk progress.
 */
import * as assert from 'node:assert/strict';
import { generateTenant } from '../../../bench/sync/tenant';
import { startRig, syncOnce } from './harness';

describe('engine throughput on the sandboxes', function () {
  this.timeout(30_000);

  it.skip('an initial sync of 1,000 users keeps several bulk jobs in flight at Zendesk (BUG: one at a time)', async () => {
    const rig = await startRig({ graphSeed: generateTenant({ users: 1_000, groups: 5 }), zendeskSeed: { account: { plan: 'professional' } } });
    let maxJobsInFlight = 0;
    const sampler = setInterval(() => (maxJobsInFlight = Math.max(maxJobsInFlight, rig.sandbox.zendesk.jobs.inFlight().length)), 5);
    try {
      const result = await syncOnce(rig, { mode: 'full' });
      assert.equal(result.apply?.counts.failed, 0);
      assert.equal(result.plan.summary.users.create, 1_000);
      assert.ok(maxJobsInFlight > 1, `at most ${maxJobsInFlight} bulk job(s) in flight for 10 chunks of users`);
    } finally {
      clearInterval(sampler);
      await rig.close();
    }
  });
});
