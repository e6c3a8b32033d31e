/**
 * Issue 5, item 2 — trial provisioning ("provision on demand"), incremental cycles (escrow retries included) and the
 * provisioning log and state, one test per rule, on the sandboxes (reference §1.2, §1.9, §6, §8.9, §8.10).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOUR_MS, ROLE, graphTenant, guid, recordOf, useRulesRig, upn, userPlan } from './rules-rig';

describe('engine rules on the sandboxes: trial, incremental, log', function () {
  this.timeout(20_000);
  const rig = useRulesRig();

  describe('trial provision', () => {
    it('trial: provisions one user through the same pipeline and returns the import, scope, match and action steps', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }, { n: 2, name: 'Bob', role: ROLE.agent }]) });
      const { trial } = await rig.trial(guid(1), { dryRun: false });
      assert.equal(trial.entry.action, 'create');
      assert.equal(trial.outcome?.status, 'success');
      const ann = rig.userByEmail(upn('Ann'))!;
      assert.deepEqual([ann.role, ann.external_id], ['agent', guid(1)]);
      assert.equal(rig.userByEmail(upn('Bob')), undefined, 'only the subject is provisioned');
      assert.deepEqual(trial.record.provisioningSteps.map((s) => [s.provisioningStepType, s.status]), [
        ['import', 'success'],
        ['scoping', 'success'],
        ['matching', 'success'],
        ['export', 'success'],
      ]);
      assert.equal(trial.record.provisioningAction, 'create');
      assert.equal(rig.state().userLinks[guid(1)]?.targetId, ann.id, 'linked like a cycle links');
      assert.equal(rig.log().length, 1);
    });

    it('trial: a dry run shows the exact request and writes nothing', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.admin }]) });
      const before = JSON.stringify(rig.zendesk.state.dump());
      const { trial, displayRequests } = await rig.trial(guid(1), { dryRun: true });
      assert.deepEqual(trial.requests, [
        { method: 'POST', path: '/api/v2/users', body: { user: { email: upn('Ann'), external_id: guid(1), name: 'Ann Test', suspended: false, role: 'admin' } } },
      ]);
      assert.deepEqual(displayRequests, trial.requests);
      assert.equal(trial.outcome, null);
      assert.equal(JSON.stringify(rig.zendesk.state.dump()), before, 'Zendesk unchanged');
      const writes = Object.keys(rig.zendesk.requestCounts()).filter((name) => /create|update|destroy|delete/.test(name));
      assert.deepEqual(writes, []);
      assert.equal(fs.existsSync(rig.statePath), false, 'no state saved');
    });

    /** A trial's HTTP requests as its clients sent them (retries included, token requests excluded). */
    async function trialRequests(userId: string, dryRun: boolean): Promise<string[]> {
      const requests: string[] = [];
      const { trial } = await rig.trial(userId, { dryRun }, { onRequest: (side, e) => (/\/(oauth2?\/v2\.0\/)?token/.test(e.path) ? undefined : requests.push(`${side} ${e.method} ${e.path}`)) });
      if (!dryRun) assert.equal(trial.outcome?.status, 'success');
      return requests;
    }

    it('trial: at most 6 API requests against the sandbox (dry run of a new agent: one Graph $batch + 2 Zendesk searches)', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }]) });
      const requests = await trialRequests(guid(1), true);
      assert.ok(requests.length <= 6, `${requests.length} requests:\n${requests.join('\n')}`);
    });

    it('trial: at most 6 API requests against the sandbox (provisioning a new user)', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }]) });
      const requests = await trialRequests(guid(1), false);
      assert.ok(requests.length <= 6, `${requests.length} requests:\n${requests.join('\n')}`);
      assert.deepEqual(requests.filter((r) => r.startsWith('graph ')), ['graph POST /$batch'], 'Entra is read in one $batch');
    });
  });

  describe('incremental cycles', () => {
    it('incremental: only what changed since the saved watermark (Graph delta) is evaluated', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }, { n: 2, name: 'Bob', role: ROLE.agent }, { n: 3, name: 'Cid', role: ROLE.agent }]) });
      const full = await rig.sync({ mode: 'auto' });
      assert.equal(full.mode, 'full');
      assert.ok(rig.state().watermark?.usersDeltaLink, 'the full cycle saved a watermark');
      rig.graph.directory.updateUser(guid(2), { displayName: 'Bob Renamed' });
      rig.zendesk.resetRequestCounts();
      const incremental = await rig.sync({ mode: 'auto' });
      assert.equal(incremental.mode, 'incremental');
      assert.deepEqual(incremental.plan.users.map((u) => [u.sourceId, u.action]), [[guid(2), 'update']]);
      assert.equal(rig.userByEmail(upn('Bob'))?.name, 'Bob Renamed');
      const counts = rig.zendesk.requestCounts();
      assert.equal(counts['users.list'] ?? 0, 0, `no full Zendesk import: ${JSON.stringify(counts)}`);
      assert.equal(counts['users.update_many'], 1);
    });

    it('incremental: an unchanged tenant → no Zendesk writes (and no Zendesk request)', async () => {
      rig.reset({
        graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }, { n: 2, name: 'Bob', role: ROLE.endUser }], [{ n: 1, name: 'Support', members: [1], role: ROLE.agent }]),
      });
      await rig.sync({ mode: 'full' });
      rig.zendesk.resetRequestCounts();
      const incremental = await rig.sync({ mode: 'auto' });
      assert.equal(incremental.mode, 'incremental');
      assert.equal(incremental.plan.summary.writes, 0);
      assert.deepEqual(rig.zendesk.requestCounts(), {});
    });

    it('incremental: an escrow due is retried though the delta does not mention it (+6 h), and cleared; before, it is not', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }, { n: 2, name: 'Bob', role: ROLE.agent }]) });
      // A Zendesk-side failure for one user in the full cycle: no agent seat left for Bob.
      rig.limitAgentSeats(1);
      const full = await rig.sync({ mode: 'full' });
      assert.equal(full.apply?.counts.failed, 1);
      assert.deepEqual(rig.state().escrows.map((e) => [e.sourceId, e.errorCode]), [[guid(2), 'LicenseLimitExceeded']]);
      assert.ok(rig.state().watermark !== null);
      // The Zendesk admin buys seats; nothing changes in Entra.
      rig.zendesk.setAccount({ agent_seats: null });

      rig.zendesk.resetRequestCounts();
      const early = await rig.sync({ mode: 'auto' }, { clockOffsetMs: 5 * HOUR_MS });
      assert.equal(early.mode, 'incremental');
      assert.deepEqual(early.plan.users, [], 'not due: not evaluated');
      assert.deepEqual(rig.zendesk.requestCounts(), {});
      assert.equal(rig.userByEmail(upn('Bob')), undefined);
      assert.equal(rig.state().escrows.length, 1);

      const due = await rig.sync({ mode: 'auto' }, { clockOffsetMs: 7 * HOUR_MS });
      assert.equal(due.mode, 'incremental');
      assert.deepEqual(due.plan.users.map((u) => [u.sourceId, u.action]), [[guid(2), 'create']]);
      assert.equal(due.apply?.outcomes.get(userPlan(due, guid(2)))?.status, 'success');
      assert.equal(rig.userByEmail(upn('Bob'))?.role, 'agent');
      assert.deepEqual(rig.state().escrows, []);
      assert.equal(rig.state().userLinks[guid(2)]?.targetId, rig.userByEmail(upn('Bob'))!.id);
    });
  });

  describe('provisioning log and state', () => {
    it('log: one record per object per run, shaped like provisioningObjectSummary, appended as JSON Lines', async () => {
      rig.reset({
        graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }, { n: 2, name: 'Bob', role: ROLE.agent }], [{ n: 1, name: 'Support', members: [1, 2], role: ROLE.agent }]),
      });
      const first = await rig.sync({ mode: 'full' });
      const second = await rig.sync({ mode: 'full' });
      const lines = fs.readFileSync(rig.logPath, 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, first.records.length + second.records.length);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const record of records) {
        for (const key of ['id', 'activityDateTime', 'tenantId', 'jobId', 'cycleId', 'changeId', 'provisioningAction', 'initiatedBy', 'servicePrincipal', 'sourceSystem', 'targetSystem', 'sourceIdentity', 'targetIdentity', 'provisioningStatusInfo', 'provisioningSteps', 'modifiedProperties']) {
          assert.ok(key in record, `record lacks ${key}: ${JSON.stringify(record)}`);
        }
      }
      for (const run of [first, second]) {
        assert.deepEqual([...new Set(run.records.map((r) => r.cycleId))], [run.cycleId]);
        // One record per user and group (plus the group's membership record, a reference-resolution step).
        const objects = run.records.filter((r) => r.provisioningSteps[0]?.provisioningStepType !== 'referenceResolution').map((r) => r.sourceIdentity.id);
        assert.deepEqual(objects.sort(), [guid(1), guid(2), guid(1001)].sort());
      }
      assert.notEqual(first.cycleId, second.cycleId);
      assert.equal(new Set(records.map((r) => r['id'])).size, records.length, 'record ids are unique');
      assert.equal(recordOf(first, guid(1)).provisioningAction, 'create');
      assert.equal(recordOf(second, guid(1)).provisioningAction, 'other', 'the second run had nothing to do for Ann');
      assert.equal(recordOf(second, guid(1)).provisioningStatusInfo.status, 'skipped');
    });

    it('log: a failure carries the error code, the reason and the recommended action', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }]) });
      rig.limitAgentSeats(0);
      await rig.sync({ mode: 'full' });
      const record = rig.log().find((r) => r.sourceIdentity.id === guid(1))!;
      const info = record.provisioningStatusInfo.errorInformation!;
      assert.equal(record.provisioningStatusInfo.status, 'failure');
      assert.equal(info.errorCode, 'LicenseLimitExceeded');
      assert.match(info.reason, /MaxAgentExceeded.*no agent seats available/);
      assert.equal(info.recommendedAction, 'Buy more Zendesk agent seats or assign fewer agent roles.');
      assert.equal(info.errorCategory, 'nonServiceFailure');
      const exportStep = record.provisioningSteps.find((s) => s.provisioningStepType === 'export')!;
      assert.equal(exportStep.status, 'failure');
    });

    it('log: the state (watermark, links, escrows) is saved atomically: a new file renamed over the old one', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }, { n: 2, name: 'Bob', role: ROLE.agent }]) });
      rig.limitAgentSeats(1);
      await rig.sync({ mode: 'full' });
      const first = fs.statSync(rig.statePath);
      const state = rig.state();
      assert.ok(state.watermark !== null && typeof state.watermark.usersDeltaLink === 'string');
      assert.ok(state.userLinks[guid(1)]);
      assert.deepEqual(state.escrows.map((e) => e.sourceId), [guid(2)]);
      await rig.sync({ mode: 'auto' });
      const second = fs.statSync(rig.statePath);
      // Replaced by rename (a new inode), not rewritten in place: a reader never sees a half-written state.
      assert.notEqual(second.ino, first.ino);
      const leftovers = fs.readdirSync(path.dirname(rig.statePath)).filter((name) => name.endsWith('.tmp'));
      assert.deepEqual(leftovers, []);
    });
  });
});
