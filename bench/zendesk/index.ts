/**
 * bench/zendesk — create 10,000 users through the Zendesk client against the sandbox on the Professional plan
 * (400 requests/min, ≤ 30 jobs in flight) with time compressed 60× (one Zendesk minute = one real second), and print
 * requests made, requests per user, 429s received, and wall time against the floor (minimal requests ÷ allowed rate).
 *
 * Run: `npm run bench zendesk`.
 */
import { ZendeskClient } from '../../src/clients/zendesk';
import { PLAN_RATE_LIMITS, startZendeskSandbox } from '../../src/sandbox/zendesk';

const USERS = 10_000;
const TIME_SCALE = 60;
const PLAN = 'professional' as const;

async function main(): Promise<void> {
  const sandbox = await startZendeskSandbox({ seed: 'empty', timeScale: TIME_SCALE });
  sandbox.setAccount({ plan: PLAN, bulk_import_enabled: true });
  const client = new ZendeskClient({
    url: sandbox.url,
    credentials: { kind: 'oauth', clientId: sandbox.oauthClientId, clientSecret: sandbox.oauthClientSecret },
    timeScale: TIME_SCALE,
  });
  try {
    const users = Array.from({ length: USERS }, (_, i) => ({
      name: `Bench User ${i}`,
      email: `bench.user.${i}@contoso.example`,
      external_id: `bench-${i}`,
      skip_verify_email: true,
    }));
    const started = process.hrtime.bigint();
    const results = await client.createManyUsers(users);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;

    const failed = results.filter((result) => !result.ok);
    if (failed.length > 0) throw new Error(`${failed.length} users failed, first: ${JSON.stringify(failed[0])}`);
    const created = sandbox.state.liveUsers().length - 1; // minus the sandbox admin
    if (created !== USERS) throw new Error(`expected ${USERS} users in the sandbox, found ${created}`);

    const counts = sandbox.requestCounts();
    const apiRequests = Object.entries(counts).filter(([name]) => name !== 'oauth.tokens').reduce((sum, [, n]) => sum + n, 0);
    const perMinute = PLAN_RATE_LIMITS[PLAN];
    const realMinuteMs = 60_000 / TIME_SCALE;
    // The least work possible: one create_many per 100 users (polls excluded — they are the price of bulk jobs).
    const minimalRequests = Math.ceil(USERS / 100);
    const floorMs = (minimalRequests / perMinute) * realMinuteMs;
    const row = (label: string, value: string): void => console.log(`${label.padEnd(34)} ${value}`);
    row('users created', String(created));
    row('plan / limit', `${PLAN}, ${perMinute} req/min; time ×${TIME_SCALE} (1 Zendesk min = ${realMinuteMs} ms)`);
    row('requests made (client)', String(client.stats.requests));
    row('requests seen by the sandbox', `${apiRequests} API (+${counts['oauth.tokens'] ?? 0} token) — create_many ${counts['users.create_many'] ?? 0}, job polls ${(counts['job_statuses.show_many'] ?? 0) + (counts['job_statuses.show'] ?? 0)}`);
    row('requests per user', (client.stats.requests / USERS).toFixed(4));
    row('429s received', String(client.stats.rateLimited));
    row('retries', String(client.stats.retries));
    row('wall time', `${wallMs.toFixed(0)} ms (= ${((wallMs / realMinuteMs) * 60).toFixed(1)} Zendesk seconds)`);
    row('floor (minimal requests ÷ rate)', `${floorMs.toFixed(0)} ms (${minimalRequests} requests at ${perMinute}/min = ${((minimalRequests / perMinute) * 60).toFixed(1)} Zendesk seconds)`);
    row('wall time ÷ floor', (wallMs / floorMs).toFixed(2));

    // For comparison: the single-user path, paced to Zendesk's 1 update per second per account.
    const single = 60;
    const before = { requests: client.stats.requests, rateLimited: client.stats.rateLimited };
    const singleStarted = process.hrtime.bigint();
    for (let i = 0; i < single; i += 1) await client.createOrUpdateUser({ name: `Single ${i}`, email: `single.${i}@contoso.example` });
    const singleMs = Number(process.hrtime.bigint() - singleStarted) / 1e6;
    console.log('');
    row('single-user path (create_or_update)', `${single} users`);
    row('  requests / 429s', `${client.stats.requests - before.requests} / ${client.stats.rateLimited - before.rateLimited}`);
    row('  wall time', `${singleMs.toFixed(0)} ms (= ${((singleMs / realMinuteMs) * 60).toFixed(1)} Zendesk seconds; floor ${single} s at 1/s)`);
    row('  ms per user: bulk vs single', `${(wallMs / USERS).toFixed(3)} vs ${(singleMs / single).toFixed(1)}`);
  } finally {
    client.close();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
