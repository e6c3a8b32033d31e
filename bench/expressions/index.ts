/**
 * bench/expressions — how fast the evaluator runs a realistic Zendesk user mapping set.
 *
 * Seven mappings (Switch, regex Replace, Join, SingleAppRoleAssignment, …) are parsed once, then evaluated for
 * 100,000 synthetic users generated from a fixed seed. Prints evaluations/second (one evaluation = one mapping for one
 * user) and peak memory (RSS and heap, sampled every 1,000 users because the loop is synchronous). Target: ≥ 200,000
 * evaluations/s on this machine.
 *
 * Run: `npm run bench expressions` (or `node --expose-gc --import tsx bench/expressions/index.ts [users]`).
 */
import { ExpressionEvaluationError, evaluateExpression, parseExpression, type SourceObject } from '../../src/core/expressions';
import { seededRandom } from '../../src/sandbox/shared/seeded-random';

const USERS = Number(process.argv[2] ?? 100_000);
const WARM_UP_USERS = 10_000;
const TARGET_PER_SECOND = 200_000;
const SEED = 20_240_501;

const MAPPINGS: ReadonlyArray<{ readonly target: string; readonly expression: string }> = [
  // Tenant-domain UPNs become the mail domain: a .NET regex Replace with a named group.
  { target: 'email', expression: 'ToLower(Replace([userPrincipalName], , "(?<tenant>@contoso\\.onmicrosoft\\.com)$", , "@contoso.com", , ))' },
  { target: 'external_id', expression: '[objectId]' },
  { target: 'name', expression: 'Join(" ", [givenName], [surname])' },
  { target: 'role', expression: 'SingleAppRoleAssignment([appRoleAssignments])' },
  { target: 'locale', expression: 'Switch([preferredLanguage], "en-US", "de-DE", "de", "fr-FR", "fr", "ja-JP", "ja", "es-ES", "es")' },
  { target: 'phone', expression: 'IgnoreFlowIfNullOrEmpty([telephoneNumber])' },
  { target: 'alias', expression: 'Left(NormalizeDiacritics(StripSpaces(Append([givenName], Left([surname], 1)))), 12)' },
];

const GIVEN_NAMES = ['Jane', 'John', 'Zoë', 'José', 'Ana María', 'Björn', 'Łukasz', 'Chloé', 'Mohammed', 'Wei', 'Aoife', 'Søren'];
const SURNAMES = ['Doe', 'Smith', 'Müller', 'García', 'Nováková', "O'Brien", 'Øvergård', 'Nguyễn', 'Kowalski', 'Dupont'];
const LANGUAGES = ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'es-ES', 'pt-BR', '', null];
const ROLES = ['End-user', 'Agent', 'Administrator', 'Light Agent'];

function generateUsers(count: number, random: () => number): SourceObject[] {
  const pick = <T>(items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)];
  const users: SourceObject[] = [];
  for (let i = 0; i < count; i += 1) {
    const givenName = pick(GIVEN_NAMES);
    const surname = pick(SURNAMES);
    const domain = random() < 0.3 ? 'contoso.onmicrosoft.com' : 'contoso.com';
    // One draw per digit: the generator has 32 bits, too few for 12 hex digits at once.
    const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
    users.push({
      objectId: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
      userPrincipalName: `${givenName.replace(/\W/g, '').toLowerCase()}.${i}@${domain}`,
      givenName,
      surname,
      preferredLanguage: pick(LANGUAGES),
      telephoneNumber: random() < 0.6 ? `+1 425 555 ${String(i % 10_000).padStart(4, '0')}` : null,
      // 0 or 1 role, as assignment-based Zendesk tenants have; 2 would be an escrow (counted separately).
      appRoleAssignments: random() < 0.05 ? [] : [pick(ROLES)],
    });
  }
  return users;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function main(): void {
  const nodes = MAPPINGS.map((mapping) => parseExpression(mapping.expression));
  const users = generateUsers(USERS, seededRandom(SEED));
  const now = new Date('2024-05-01T00:00:00Z');
  const clock = (): Date => now;

  let sink = 0;
  let errors = 0;
  const evaluateUser = (source: SourceObject): void => {
    const ctx = { source, now: clock };
    for (const node of nodes) {
      try {
        const result = evaluateExpression(node, ctx);
        if (result.flow) sink += 1;
      } catch (error) {
        if (!(error instanceof ExpressionEvaluationError)) throw error;
        errors += 1;
      }
    }
  };

  for (let i = 0; i < Math.min(WARM_UP_USERS, users.length); i += 1) evaluateUser(users[i]);
  (globalThis as { gc?: () => void }).gc?.();
  errors = 0;
  sink = 0;

  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  for (let i = 0; i < users.length; i += 1) {
    evaluateUser(users[i]);
    if (i % 1000 === 0) {
      const memory = process.memoryUsage();
      if (memory.rss > peakRss) peakRss = memory.rss;
      if (memory.heapUsed > peakHeap) peakHeap = memory.heapUsed;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const evaluations = users.length * nodes.length;
  const perSecond = evaluations / seconds;

  console.log(`users: ${users.length.toLocaleString('en-US')}, mappings: ${nodes.length}, evaluations: ${evaluations.toLocaleString('en-US')}`);
  console.log(`time: ${seconds.toFixed(3)} s`);
  console.log(`evaluations/s: ${Math.round(perSecond).toLocaleString('en-US')} (target ≥ ${TARGET_PER_SECOND.toLocaleString('en-US')}: ${perSecond >= TARGET_PER_SECOND ? 'met' : 'BELOW'})`);
  console.log(`users/s: ${Math.round(users.length / seconds).toLocaleString('en-US')}`);
  console.log(`peak memory: rss ${megabytes(peakRss)} MB, heap used ${megabytes(peakHeap)} MB`);
  console.log(`values flowing: ${sink.toLocaleString('en-US')}, evaluation errors: ${errors}`);
  // One user's results, so a glance shows the mappings compute what they should (not just fast).
  const sample = users.find((user) => String(user.userPrincipalName).endsWith('.onmicrosoft.com')) ?? users[0];
  const values = MAPPINGS.map((mapping, i) => {
    const result = evaluateExpression(nodes[i], { source: sample, now: clock });
    return `${mapping.target}=${result.flow ? JSON.stringify(result.value) : `(${result.reason})`}`;
  });
  console.log(`sample: ${values.join(' ')}`);
}

main();
