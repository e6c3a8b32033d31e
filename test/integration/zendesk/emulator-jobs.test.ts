import assert from 'node:assert/strict';
import { call, firstUserWithRole, ManualClock, useSandbox } from './helpers';

describe('Zendesk sandbox: bulk jobs and job statuses (reference §5)', () => {
  const clock = new ManualClock();
  // Default timing at timeScale 1: 1 s queued, 3 s working.
  const ctx = useSandbox({ seed: 'demo', now: clock.now });

  const users = (n: number, prefix = 'bulk') => Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i}`, email: `${prefix}${i}@contoso.example` }));

  it('create_many: 200 queued (progress/results null) → working with progress → completed with {id,index,status}', async () => {
    const submit = await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(10) } });
    assert.equal(submit.status, 200);
    const job = submit.body.job_status;
    assert.deepEqual({ ...job, id: undefined, url: undefined }, { id: undefined, url: undefined, job_type: 'UserBulkCreateJobV2', total: 10, progress: null, status: 'queued', message: null, results: null });
    assert.equal(job.url, `${ctx.sandbox.url}/api/v2/job_statuses/${job.id}.json`);
    assert.match(submit.headers.get('zendesk-ratelimit-inflight-jobs') ?? '', /^total=30; remaining=29; resets=\d+$/);
    clock.advance(2000);
    const working = (await call(ctx.sandbox, 'GET', job.url)).body.job_status;
    assert.equal(working.status, 'working');
    assert.ok(working.progress >= 0 && working.progress < 10);
    assert.match(working.message, /^Creating User #\d+$/);
    clock.advance(3000);
    const done = (await call(ctx.sandbox, 'GET', `/api/v2/job_statuses/${job.id}`)).body.job_status;
    assert.equal(done.status, 'completed');
    assert.equal(done.progress, 10);
    assert.match(done.message, /^Completed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);
    assert.deepEqual(Object.keys(done.results[0]), ['id', 'index', 'status']);
    assert.deepEqual(done.results.map((r: { index: number; status: string }) => [r.index, r.status]), users(10).map((_, i) => [i, 'Created']));
  });

  it('polling a queued job moves it to working', async () => {
    const job = (await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(2) } })).body.job_status;
    assert.equal((await call(ctx.sandbox, 'GET', job.url)).body.job_status.status, 'working');
  });

  it('per-item failures: {"index","error","details"}; completed when any item succeeded', async () => {
    const taken = firstUserWithRole(ctx.sandbox, 'agent').email!;
    const job = (await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: [{ name: 'ok', email: 'ok@contoso.example' }, { name: 'dup', email: taken }, { name: '' }] } })).body.job_status;
    clock.advance(5000);
    const done = (await call(ctx.sandbox, 'GET', job.url)).body.job_status;
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.results.slice(1), [
      { index: 1, error: 'DuplicateValue', details: `Email: ${taken} is already being used by another user` },
      { index: 2, error: 'BlankValue', details: 'Name: cannot be blank' },
    ]);
  });

  it('a job whose items all fail ends "failed"', async () => {
    const job = (await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: [{ name: '' }] } })).body.job_status;
    clock.advance(5000);
    const done = (await call(ctx.sandbox, 'GET', job.url)).body.job_status;
    assert.equal(done.status, 'failed');
    assert.match(done.message, /^Failed at /);
  });

  it('more than 100 items → 400 TooManyValues with the exact description', async () => {
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(101) } });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, { error: 'TooManyValues', description: 'Maximum 100 users may be created per call' });
  });

  it('bulk import disabled (account flag) → 403 on create_many and create_or_update_many', async () => {
    ctx.sandbox.setAccount({ bulk_import_enabled: false });
    assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(1) } })).status, 403);
    assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/users/create_or_update_many.json', { body: { users: users(1) } })).status, 403);
  });

  it('create_or_update_many on a trial account → 403', async () => {
    ctx.sandbox.setAccount({ trial: true });
    assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/users/create_or_update_many.json', { body: { users: users(1) } })).status, 403);
  });

  it('the 31st queued/running job → 429 TooManyJobs + Retry-After 60 + inflight header remaining=0', async () => {
    for (let i = 0; i < 30; i += 1) {
      assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(1, `j${i}-`) } })).status, 200);
    }
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(1, 'late') } });
    assert.equal(response.status, 429);
    assert.equal(response.body.error, 'TooManyJobs');
    assert.equal(response.body.current_job_ids.length, 30);
    assert.equal(response.headers.get('retry-after'), '60');
    assert.equal(response.headers.get('zendesk-ratelimit-inflight-jobs'), 'total=30; remaining=0; resets=60');
    clock.advance(5000);
    assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(1, 'later') } })).status, 200);
  });

  it('create_or_update_many results carry status and action', async () => {
    const existing = firstUserWithRole(ctx.sandbox, 'end-user');
    const job = (await call(ctx.sandbox, 'POST', '/api/v2/users/create_or_update_many.json', { body: { users: [{ name: 'N', email: 'n@contoso.example' }, { name: 'E', email: existing.email }] } })).body.job_status;
    clock.advance(5000);
    const results = (await call(ctx.sandbox, 'GET', job.url)).body.job_status.results;
    assert.deepEqual(results.map((r: { status: string; action: string }) => [r.status, r.action]), [['Created', 'create'], ['Updated', 'update']]);
    assert.equal(results[1].id, existing.id);
  });

  it('update_many (per-user and ids= forms) and destroy_many results use the observed shapes', async () => {
    const [a, b] = ctx.sandbox.state.liveUsers().filter((u) => u.role === 'end-user');
    const perUser = (await call(ctx.sandbox, 'PUT', '/api/v2/users/update_many.json', { body: { users: [{ id: a!.id, notes: 'x' }, { external_id: b!.external_id ?? 'none', notes: 'y' }, { id: 1, notes: 'z' }] } })).body.job_status;
    const sameChange = (await call(ctx.sandbox, 'PUT', `/api/v2/users/update_many.json?ids=${a!.id}%2C${b!.id}`, { body: { user: { tags: ['t'] } } })).body.job_status;
    const destroy = (await call(ctx.sandbox, 'DELETE', `/api/v2/users/destroy_many.json?ids=${b!.id}`)).body.job_status;
    clock.advance(5000);
    const perUserResults = (await call(ctx.sandbox, 'GET', perUser.url)).body.job_status.results;
    assert.deepEqual(perUserResults[0], { id: a!.id, action: 'update', status: 'Updated', success: true });
    assert.deepEqual(perUserResults[2], { index: 2, id: 1, error: 'RecordNotFound', details: 'Not found' });
    assert.equal(ctx.sandbox.state.users.get(a!.id)!.user.notes, 'x');
    assert.equal((await call(ctx.sandbox, 'GET', sameChange.url)).body.job_status.status, 'completed');
    assert.deepEqual(ctx.sandbox.state.users.get(a!.id)!.user.tags, ['t']);
    assert.deepEqual((await call(ctx.sandbox, 'GET', destroy.url)).body.job_status.results, [{ action: 'delete', id: b!.id, status: 'Deleted', success: true }]);
    assert.equal(ctx.sandbox.state.users.get(b!.id)!.user.active, false);
  });

  it('job_statuses show_many and list; unknown id → 404 RecordNotFound; statuses expire after a day', async () => {
    const one = (await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(1, 'a') } })).body.job_status;
    const two = (await call(ctx.sandbox, 'POST', '/api/v2/users/create_many.json', { body: { users: users(1, 'b') } })).body.job_status;
    const many = await call(ctx.sandbox, 'GET', `/api/v2/job_statuses/show_many.json?ids=${one.id}%2C${two.id}`);
    assert.deepEqual(many.body.job_statuses.map((j: { id: string }) => j.id), [one.id, two.id]);
    const list = await call(ctx.sandbox, 'GET', '/api/v2/job_statuses.json');
    assert.ok(list.body.meta && list.body.job_statuses.length === 2);
    assert.deepEqual((await call(ctx.sandbox, 'GET', '/api/v2/job_statuses/nope.json')).body, { error: 'RecordNotFound', description: 'Not found' });
    clock.advance(24 * 3600 * 1000 + 1);
    assert.equal((await call(ctx.sandbox, 'GET', one.url)).status, 404);
  });
});
