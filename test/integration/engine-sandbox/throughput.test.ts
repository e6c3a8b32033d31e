/**
 * How the engine uses Zendesk's bulk capacity on the sandbox (issue 5: "≤ 100 per job, ≤ 30 in flight"): apply hands
 * the port waves of 30 × 100 items, the client splits them into jobs and keeps them in flight together. (Found by
 * bench/sync: chunking to 100 in the engine left one job in flight at a time, ~20× the floor.)
 */
import * as assert from 'node:assert/strict';
import { generateTenant } from '../../../bench/sync/tenant';
import { startRig, syncOnce } from './harness';

describe('engine throughput on the sandboxes', function () {
  this.timeout(30_000);

  it('an initial sync of 1,000 users keeps several bulk jobs in flight at Zendesk', async () => {
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
