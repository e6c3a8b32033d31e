/**
 * What the engine-rule tests share: one pair of emulators per test file (the engine-sandbox harness's `startRig`, time
 * compressed further: see RULES_TIME_SCALE), reset before each test to a small tenant built for the rule — a few users and groups
 * rather than the demo seed, so each test runs in a fraction of a second — and engine runs wired exactly as the CLI
 * wires them (`openRun` + `runSync` / `trialProvision`, state and log files on disk) with the
 * test's configuration.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config';
import type { EngineState, EnginePorts, ProvisioningObjectSummary } from '../../../src/core/engine';
import type { RequestEvent } from '../../../src/clients/http';
import { openRun, runSync, trialProvision, type EngineRun, type ProvisionResult, type SyncOptions, type SyncResult } from '../../../src/app/engine-run';
import { readLogRecords } from '../../../src/app/state-files';
import { DEMO_ZENDESK_SERVICE_PRINCIPAL_ID, loadDemoSeed, type GraphSeed } from '../../../src/sandbox/graph';
import type { ZendeskSandbox, ZendeskSeed, ZendeskUser } from '../../../src/sandbox/zendesk';
import { startRig, type SandboxRig } from '../engine-sandbox/harness';

export const HOUR_MS = 3_600_000;

/**
 * Zendesk seconds per real second: 10× the harness's compression. These tenants are a handful of users, far from any
 * rate limit, and most of a run's time is bulk-job time (1 s queued + 3 s working in Zendesk time): ~7 ms here.
 */
export const RULES_TIME_SCALE = 600;

/** The demo tenant's Zendesk enterprise app (its app roles: msiam_access, End-user, Agent, Administrator, custom roles). */
const ZENDESK_SP = (loadDemoSeed() as unknown as { servicePrincipals: Array<{ id: string; appRoles: Array<{ id: string; displayName: string; value: string | null }> }> }).servicePrincipals.find(
  (sp) => sp.id === DEMO_ZENDESK_SERVICE_PRINCIPAL_ID,
)!;

function roleId(displayName: string, value: string | null): string {
  const role = ZENDESK_SP.appRoles.find((r) => r.displayName === displayName && r.value === value);
  if (role === undefined) throw new Error(`the demo Zendesk app has no role ${displayName} (${value})`);
  return role.id;
}

/** App role ids of the Zendesk enterprise app. */
export const ROLE = {
  defaultAccess: '00000000-0000-0000-0000-000000000000',
  msiamAccess: roleId('msiam_access', null),
  endUser: roleId('End-user', 'end-user'),
  agent: roleId('Agent', 'agent'),
  admin: roleId('Administrator', 'admin'),
  /** "Staff" = Zendesk custom role {@link STAFF_CUSTOM_ROLE_ID}. */
  staff: roleId('Staff', 'custom_role:19000000000000'),
} as const;
export const STAFF_CUSTOM_ROLE_ID = 19000000000000;

/** A readable, valid GUID per test object: `guid(3)` → `00000000-0000-4000-8000-000000000003`. */
export function guid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export interface TenantUser {
  readonly n: number;
  readonly name: string;
  /** App role id; omitted = not assigned. */
  readonly role?: string;
  readonly [property: string]: unknown;
}

/** The Entra user's UPN (= the Zendesk e-mail under the default mappings). */
export function upn(name: string): string {
  return `${name.toLowerCase()}@contoso.example`;
}

/**
 * A Graph seed: the Zendesk app, users (`n` → id `guid(n)`, UPN `<name>@contoso.example`, displayName `<Name> Test`),
 * groups (`n` → id `guid(1000 + n)`) with members and optional assignment, and the assignments.
 */
export function graphTenant(
  users: ReadonlyArray<TenantUser>,
  groups: ReadonlyArray<{ readonly n: number; readonly name: string; readonly members: ReadonlyArray<number>; readonly nested?: ReadonlyArray<number>; readonly role?: string }> = [],
  extraAssignments: ReadonlyArray<{ readonly user: number; readonly role: string }> = [],
): GraphSeed {
  const assignments: Array<{ principalId: string; appRoleId: string; resourceId: string }> = [];
  const seedUsers = users.map(({ n, name, role, ...rest }) => {
    if (role !== undefined) assignments.push({ principalId: guid(n), appRoleId: role, resourceId: ZENDESK_SP.id });
    return { id: guid(n), userPrincipalName: upn(name), displayName: `${name} Test`, accountEnabled: true, ...rest };
  });
  for (const extra of extraAssignments) assignments.push({ principalId: guid(extra.user), appRoleId: extra.role, resourceId: ZENDESK_SP.id });
  const seedGroups = groups.map((g) => {
    if (g.role !== undefined) assignments.push({ principalId: groupId(g.n), appRoleId: g.role, resourceId: ZENDESK_SP.id });
    return { id: groupId(g.n), displayName: g.name, members: [...g.members.map(guid), ...(g.nested ?? []).map(groupId)] };
  });
  return { servicePrincipals: [ZENDESK_SP as never], users: seedUsers as never, groups: seedGroups, appRoleAssignments: assignments };
}

export function groupId(n: number): string {
  return guid(1000 + n);
}

/** A Zendesk seed on Enterprise (custom roles exist) with the "Staff" custom role and the given users/groups. */
export function zendeskAccount(seed: Omit<ZendeskSeed, 'custom_roles'> = {}): ZendeskSeed {
  return {
    ...seed,
    account: { plan: 'enterprise', ...seed.account },
    custom_roles: [{ id: STAFF_CUSTOM_ROLE_ID, name: 'Staff', role_type: 0 }],
  };
}

/** The configuration file as JSON, to change before a test (partial objects resolve with defaults). */
export type ConfigJson = Record<string, unknown>;

export interface RunHooks {
  /** Shifts the run's clock (e.g. past an escrow's back-off). */
  readonly clockOffsetMs?: number;
  /** Sees every HTTP attempt of the run's clients once it completed. */
  readonly onRequest?: (side: 'graph' | 'zendesk', event: RequestEvent) => void;
  /** Wraps the engine ports (to observe what the real clients return). */
  readonly ports?: (ports: EnginePorts) => EnginePorts;
}

export interface RulesRig {
  readonly zendesk: ZendeskSandbox;
  readonly graph: SandboxRig['sandbox']['graph'];
  /** Loads fresh seeds into both emulators, writes the configuration, and starts with no engine state or log. */
  reset(seeds: { graph: GraphSeed; zendesk?: ZendeskSeed }, configure?: (config: ConfigJson) => void): void;
  /** One engine run (a `sync` cycle, on the test's clients). */
  sync(options: SyncOptions, hooks?: RunHooks): Promise<SyncResult>;
  /** The test's engine run (configuration, clients, state store), to compose the engine's steps directly. */
  engine(hooks?: RunHooks): EngineRun;
  /** One `provision <user>` (trial provisioning). */
  trial(userId: string, options: { dryRun: boolean }, hooks?: RunHooks): Promise<ProvisionResult>;
  readonly statePath: string;
  readonly logPath: string;
  state(): EngineState;
  log(): ProvisioningObjectSummary[];
  /** The live Zendesk user with this e-mail (case-insensitive), if any. */
  userByEmail(email: string): ZendeskUser | undefined;
  /** Agent seats = the agents and admins Zendesk has now + `free`: creating more agents fails per item (MaxAgentExceeded). */
  limitAgentSeats(free: number): void;
  close(): Promise<void>;
}

/**
 * A rig for the enclosing `describe`: started in `before`, closed in `after`. The object returned stands for it
 * inside the tests (a proxy, since the rig only exists once `before` ran).
 */
export function useRulesRig(): RulesRig {
  let rig: RulesRig | undefined;
  before(async () => {
    rig = await startRulesRig();
  });
  after(async () => {
    await rig?.close();
  });
  return new Proxy({} as RulesRig, {
    get: (_target, key) => {
      if (rig === undefined) throw new Error('the rules rig starts in before(): use it inside tests');
      const value: unknown = Reflect.get(rig, key);
      return typeof value === 'function' ? value.bind(rig) : value;
    },
  });
}

export async function startRulesRig(): Promise<RulesRig> {
  const rig = await startRig({ graphSeed: graphTenant([]), zendeskSeed: zendeskAccount(), zendeskTimeScale: RULES_TIME_SCALE });
  const { graph, zendesk } = rig.sandbox;
  // The sandbox's own app registration (its service principal) must survive a reseed of the directory.
  const appRegistration = [...graph.directory.servicePrincipals.values()].find((sp) => String(sp.data['appId']).toLowerCase() === graph.clientId.toLowerCase())!;
  const base = JSON.parse(rig.configText) as ConfigJson;
  let generation = 0;
  let configPath = '';
  let configText = '';
  let statePath = '';
  let logPath = '';

  /**
   * One set of clients per test (opened by `reset`), reused by the test's runs the way `sync --watch` reuses them
   * across cycles: a new client's first requests (token, TLS handshake) cost more than a whole run of these tenants.
   */
  let current: EngineRun | null = null;
  let onRequest: RunHooks['onRequest'];
  const view = (hooks: RunHooks = {}): EngineRun => {
    if (current === null) throw new Error('call reset() first');
    onRequest = hooks.onRequest;
    const offset = hooks.clockOffsetMs ?? 0;
    const wrap = hooks.ports;
    return {
      ...current,
      ...(offset === 0 ? {} : { now: () => new Date(Date.now() + offset) }),
      ...(wrap === undefined ? {} : { connections: { ...current.connections, ports: wrap(current.connections.ports) } }),
    };
  };

  return {
    zendesk,
    graph,
    get statePath() {
      return statePath;
    },
    get logPath() {
      return logPath;
    },
    reset(seeds, configure) {
      graph.directory.load(seeds.graph);
      graph.directory.ensureServicePrincipal(appRegistration.data as never);
      zendesk.loadSeed(seeds.zendesk ?? zendeskAccount());
      zendesk.setFaults({ rate429: 0, rate500: 0, rate503: 0, rateReset: 0 });
      graph.faults.update({ rate429: 0, rate500: 0, rate503: 0, rateReset: 0 });
      zendesk.resetRequestCounts();
      graph.resetRequestCounts();
      generation += 1;
      const config = structuredClone(base);
      configure?.(config);
      configText = JSON.stringify(config, null, 2);
      configPath = path.join(rig.dir, `config-${generation}.json`);
      statePath = path.join(rig.dir, `state-${generation}.json`);
      logPath = path.join(rig.dir, `log-${generation}.jsonl`);
      fs.writeFileSync(configPath, configText);
      current?.close();
      current = openRun(
        { config: configPath, state: statePath, log: logPath },
        {
          env: { ...rig.sandbox.env },
          ca: graph.ca,
          zendeskTimeScale: RULES_TIME_SCALE,
          onRequest: (side, event) => onRequest?.(side, event),
        },
        loadConfig(configText, configPath),
      );
    },
    async sync(options, hooks) {
      try {
        return await runSync(view(hooks), options);
      } finally {
        onRequest = undefined;
      }
    },
    engine: (hooks) => view(hooks),
    async trial(userId, options, hooks) {
      try {
        return await trialProvision(view(hooks), userId, options);
      } finally {
        onRequest = undefined;
      }
    },
    state: () => JSON.parse(fs.readFileSync(statePath, 'utf8')) as EngineState,
    log: () => readLogRecords(logPath),
    userByEmail: (email) => zendesk.state.liveUsers().find((u) => u.email?.toLowerCase() === email.toLowerCase()),
    limitAgentSeats(free) {
      const used = zendesk.state.liveUsers().filter((u) => u.role !== 'end-user').length;
      zendesk.setAccount({ agent_seats: used + free });
    },
    close: async () => {
      current?.close();
      await rig.close();
    },
  };
}

/** The run's log record for an object (by Entra id), failing with the ids present when there is none. */
export function recordOf(result: SyncResult, sourceId: string): ProvisioningObjectSummary {
  const record = result.records.find((r) => r.sourceIdentity.id === sourceId && r.provisioningSteps[0]?.provisioningStepType !== 'referenceResolution');
  if (record === undefined) throw new Error(`no log record for ${sourceId}; records: ${result.records.map((r) => r.sourceIdentity.id).join(', ')}`);
  return record;
}

/** The plan entry of a user (by Entra id). */
export function userPlan(result: SyncResult, sourceId: string) {
  const entry = result.plan.users.find((u) => u.sourceId === sourceId);
  if (entry === undefined) throw new Error(`no plan entry for user ${sourceId}; entries: ${result.plan.users.map((u) => u.sourceId).join(', ')}`);
  return entry;
}
