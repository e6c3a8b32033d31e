/**
 * What the engine-on-sandbox tests share: both emulators in process with time compressed, an engine run wired to them
 * exactly as the CLI wires it (`openRun` + `runSync`, state and log in a temp directory), and a key-based snapshot of
 * the Zendesk account so two accounts filled by different runs can be compared even though their ids differ.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config';
import { openRun, runSync, type EngineRun, type SyncOptions, type SyncResult } from '../../../src/app/engine-run';
import { startLocalSandbox, type LocalSandbox, type LocalSandboxOptions } from '../../../src/app/local-sandbox';
import type { RequestEvent } from '../../../src/clients/http';
import type { ZendeskSandbox } from '../../../src/sandbox/zendesk';

/**
 * Zendesk seconds per real second in these tests: a bulk job (1 s queued + 3 s working in Zendesk time) takes ~70 ms
 * and an injected 429's Retry-After (1 Zendesk second) ~17 ms, so a full sync of the demo tenant fits in a few seconds.
 */
export const TIME_SCALE = 60;

export interface SandboxRig {
  readonly sandbox: LocalSandbox;
  readonly dir: string;
  readonly configText: string;
  /** A fresh engine run (new clients) on the same state and log files, like a new CLI invocation. */
  open(options?: RigRunOptions): EngineRun;
  close(): Promise<void>;
}

export interface RigRunOptions {
  /** Sees every Zendesk HTTP attempt once it completed (the client's view, retries included). */
  readonly onZendeskRequest?: (event: RequestEvent) => void;
  /** Shifts the run's clock (e.g. past an escrow's back-off); default 0. */
  readonly clockOffsetMs?: number;
}

export async function startRig(options: LocalSandboxOptions = {}): Promise<SandboxRig> {
  const sandbox = await startLocalSandbox({ zendeskTimeScale: TIME_SCALE, ...options });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-engine-sandbox-'));
  const configPath = path.join(dir, 'entra-zendesk.json');
  const configText = sandbox.configText();
  fs.writeFileSync(configPath, configText);
  const open = (runOptions: RigRunOptions = {}): EngineRun => {
    const onRequest = runOptions.onZendeskRequest;
    const run = openRun(
      { config: configPath },
      {
        env: { ...sandbox.env },
        ca: sandbox.graph.ca,
        zendeskTimeScale: TIME_SCALE,
        ...(onRequest !== undefined ? { onRequest: (side: 'graph' | 'zendesk', event: RequestEvent) => (side === 'zendesk' ? onRequest(event) : undefined) } : {}),
      },
      loadConfig(configText, configPath),
    );
    const offset = runOptions.clockOffsetMs ?? 0;
    return offset === 0 ? run : { ...run, now: () => new Date(Date.now() + offset) };
  };
  return {
    sandbox,
    dir,
    configText,
    open,
    close: async () => {
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One engine run (a fresh CLI invocation): open, sync, close. */
export async function syncOnce(rig: SandboxRig, sync: SyncOptions, runOptions: RigRunOptions = {}): Promise<SyncResult> {
  const run = rig.open(runOptions);
  try {
    return await runSync(run, sync);
  } finally {
    run.close();
  }
}

/** Zendesk user fields that differ between two accounts filled by different runs without meaning anything. */
const VOLATILE_USER_FIELDS = new Set(['id', 'url', 'created_at', 'updated_at', 'last_login_at']);

export interface ZendeskSnapshot {
  /** Live users by key (external_id, else e-mail, else name), id-free, with group ids replaced by group names. */
  readonly users: Record<string, Record<string, unknown>>;
  /** Live groups by name, id-free. */
  readonly groups: Record<string, Record<string, unknown>>;
  /** `user key → group name`, sorted. */
  readonly memberships: string[];
  /** Keys (users, groups, memberships) that occur more than once: must stay empty. */
  readonly duplicates: string[];
}

function userKey(user: { external_id: string | null; email: string | null; name: string }): string {
  if (user.external_id !== null && user.external_id !== '') return `external_id:${user.external_id.toLowerCase()}`;
  if (user.email !== null && user.email !== '') return `email:${user.email.toLowerCase()}`;
  return `name:${user.name}`;
}

/** The account's live state, keyed so that two runs' accounts compare with `deepEqual`. */
export function snapshotZendesk(zendesk: ZendeskSandbox): ZendeskSnapshot {
  const duplicates: string[] = [];
  const groupName = new Map<number, string>();
  const groups: Record<string, Record<string, unknown>> = {};
  for (const group of zendesk.state.groups.values()) {
    if (group.deleted) continue;
    groupName.set(group.id, group.name);
    if (groups[group.name] !== undefined) duplicates.push(`group ${group.name}`);
    const { id: _id, created_at: _created, updated_at: _updated, ...rest } = group;
    groups[group.name] = rest;
  }
  const users: Record<string, Record<string, unknown>> = {};
  const keyById = new Map<number, string>();
  const emails = new Set<string>();
  for (const user of zendesk.state.liveUsers()) {
    const key = userKey(user);
    keyById.set(user.id, key);
    if (users[key] !== undefined) duplicates.push(`user ${key}`);
    if (user.email !== null) {
      const email = user.email.toLowerCase();
      if (emails.has(email)) duplicates.push(`user e-mail ${email}`);
      emails.add(email);
    }
    const record: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(user)) if (!VOLATILE_USER_FIELDS.has(field)) record[field] = value;
    record['default_group_id'] = user.default_group_id === null ? null : (groupName.get(user.default_group_id) ?? `unknown group ${user.default_group_id}`);
    users[key] = record;
  }
  const memberships: string[] = [];
  const seen = new Set<string>();
  for (const membership of zendesk.state.memberships.values()) {
    const pair = `${keyById.get(membership.user_id) ?? `unknown user ${membership.user_id}`} → ${groupName.get(membership.group_id) ?? `unknown group ${membership.group_id}`}`;
    if (seen.has(pair)) duplicates.push(`membership ${pair}`);
    seen.add(pair);
    memberships.push(pair);
  }
  return { users, groups, memberships: memberships.sort(), duplicates };
}

/** Names of the Zendesk endpoints that change data, from the sandbox's per-endpoint request counts. */
export function writeRequests(counts: Readonly<Record<string, number>>): Record<string, number> {
  const writes: Record<string, number> = {};
  for (const [name, count] of Object.entries(counts)) {
    if (/create|update|destroy|delete|make_default/.test(name)) writes[name] = count;
  }
  return writes;
}
