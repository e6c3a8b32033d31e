/**
 * Graph import bench: a 10,000-user / 200-group tenant in the sandbox, imported through GraphClient the way the
 * engine reads Entra — the Zendesk service principal, its app roles, every assignment, users by delta with `$select`
 * of the mapped attributes, groups by delta with `members@delta` — then a no-change delta round. Also shown: direct
 * member expansion of the 200 groups through `$batch`, the alternative to groups delta.
 * Prints requests made (from the sandbox's counters and the client's) and wall time.
 */
import { createCredential } from '../../src/auth';
import { GraphClient, MemoryDeltaLinkStore } from '../../src/clients/graph';
import { startGraphSandbox, type GraphSeed } from '../../src/sandbox/graph';

const USERS = 10_000;
const GROUPS = 200;
const SP_ID = '8e881353-1735-45af-af21-ee1344582a4d';
const ROLES = ['End-user', 'Agent', 'Administrator'].map((name, i) => ({ id: `11111111-0000-4000-8000-00000000000${i + 1}`, displayName: name, value: name.toLowerCase() }));
/** Attributes the default Zendesk mappings read (entra-provisioning.md §4.3, in Graph names). */
const MAPPED = ['userPrincipalName', 'displayName', 'mail', 'accountEnabled', 'businessPhones', 'preferredLanguage', 'givenName', 'surname', 'employeeId'];

const uid = (i: number): string => `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`;
const gid = (i: number): string => `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`;

function tenant(): GraphSeed {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: uid(i),
    displayName: `Person ${i}`,
    givenName: 'Person',
    surname: String(i),
    userPrincipalName: `person${i}@contoso.example`,
    mail: `person${i}@contoso.example`,
    accountEnabled: i % 97 !== 0,
    businessPhones: [`+1 425 555 ${String(i % 10_000).padStart(4, '0')}`],
    preferredLanguage: 'en-US',
    employeeId: `E${i}`,
    department: ['Support', 'Sales', 'IT'][i % 3],
  }));
  // Each group holds 50 consecutive users; every 10th group also nests the next group.
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    id: gid(g),
    displayName: `Team ${g}`,
    members: [...Array.from({ length: 50 }, (_, k) => uid(g * 50 + k)), ...(g % 10 === 0 && g + 1 < GROUPS ? [gid(g + 1)] : [])],
  }));
  // Half the groups are assigned (End-user), plus 1,000 direct user assignments spread over the roles.
  const appRoleAssignments = [
    ...Array.from({ length: GROUPS / 2 }, (_, g) => ({ principalId: gid(g * 2), appRoleId: ROLES[0]!.id, resourceId: SP_ID })),
    ...Array.from({ length: 1000 }, (_, i) => ({ principalId: uid(i * 10), appRoleId: ROLES[i % 3]!.id, resourceId: SP_ID })),
  ];
  return { servicePrincipals: [{ id: SP_ID, appId: 'a1f4c7e2-3b5d-4e6f-9a8b-7c6d5e4f3a2b', displayName: 'Zendesk', appRoles: ROLES }], users, groups, appRoleAssignments };
}

async function main(): Promise<void> {
  const sandbox = await startGraphSandbox({ seed: tenant() });
  const client = new GraphClient({
    baseUrl: sandbox.graphBaseUrl,
    credential: createCredential({ kind: 'clientSecret', tenantId: sandbox.tenantId, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authorityHost: sandbox.authorityHost, caCertificate: sandbox.ca }),
    ca: sandbox.ca,
  });
  const store = new MemoryDeltaLinkStore();
  const round = async (): Promise<{ users: number; groups: number; memberRefs: number; assignments: number; ms: number; requests: number; byRoute: Record<string, number>; tokens: number }> => {
    sandbox.resetRequestCounts();
    const started = performance.now();
    const [sp] = await client.findServicePrincipalsByName('Zendesk');
    await client.getAppRoles(sp!.id);
    const assignments = await client.getAppRoleAssignments(sp!.id);
    let users = 0;
    for await (const page of client.usersDelta({ select: MAPPED, store })) users += page.items.length;
    let groups = 0;
    let memberRefs = 0;
    for await (const page of client.groupsDelta({ select: ['displayName', 'members'], store })) {
      groups += page.items.length;
      for (const group of page.items) memberRefs += Array.isArray(group['members@delta']) ? group['members@delta'].length : 0;
    }
    const ms = performance.now() - started;
    const counts = sandbox.requestCounts();
    return { users, groups, memberRefs, assignments: assignments.length, ms, requests: counts.total, byRoute: counts.byRoute, tokens: counts.tokensIssued };
  };

  const full = await round();
  console.log(`tenant: ${USERS} users, ${GROUPS} groups, ${full.assignments} assignments (delta page size 100, list pages 999)`);
  console.log(`import:          ${full.requests} Graph requests, ${full.ms.toFixed(0)} ms wall — ${full.users} users ($select ${MAPPED.length} attributes), ${full.groups} groups, ${full.memberRefs} member refs, ${full.tokens} token request(s)`);
  console.log(`  by route: ${JSON.stringify(full.byRoute)}`);
  const none = await round();
  console.log(`no-change delta: ${none.requests} Graph requests, ${none.ms.toFixed(0)} ms wall — ${none.users} users, ${none.groups} groups changed`);

  sandbox.resetRequestCounts();
  const started = performance.now();
  const members = await client.expandGroupMembers(Array.from({ length: GROUPS }, (_, g) => gid(g)));
  const refs = [...members.values()].reduce((sum, list) => sum + list.length, 0);
  console.log(`$batch members:  ${sandbox.requestCounts().total} Graph requests, ${(performance.now() - started).toFixed(0)} ms wall — ${refs} member refs of ${GROUPS} groups`);
  console.log(`client totals:   ${client.stats.requests} Graph HTTP requests, ${client.stats.retries} retries, ${client.stats.rateLimited} throttled`);

  client.close();
  await sandbox.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
