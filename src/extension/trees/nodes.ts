/**
 * What each tree shows, computed from a {@link Snapshot} as plain data (no `vscode` import, so it is unit-tested in
 * plain Node): labels, descriptions, Markdown tooltips, codicon ids, context values and children. The provider
 * (./provider.ts) turns these into TreeItems.
 */
import type { ProvisioningObjectSummary, UserPlanEntry, ZendeskUser } from '../../core/engine';
import { CommandIds, contextValue, SANDBOX_SUFFIX } from '../constants';
import type { Snapshot } from '../services/session';

export interface NodeSpec {
  /** Stable across refreshes (reveal and expansion state depend on it). */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  /** A codicon id, e.g. `account`, `loading~spin`. */
  readonly icon?: string;
  /** A ThemeColor id for the icon (`errorForeground`, …). */
  readonly iconColor?: string;
  readonly contextValue?: string;
  readonly children?: ReadonlyArray<NodeSpec>;
  /** Expanded at first show. */
  readonly expanded?: boolean;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: ReadonlyArray<unknown> };
  /** Entra user id, for item commands (Trial Provision, Explain Scope, Show in Zendesk). */
  readonly entraUserId?: string;
  readonly zendeskUserId?: number;
}

/** Rows per "page" of Zendesk users under one role. */
export const USERS_PAGE_SIZE = 50;

const sandboxLabel = (snapshot: Snapshot, label: string): string => (snapshot.sandbox ? `${label} ${SANDBOX_SUFFIX}` : label);

function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

function entryByUser(snapshot: Snapshot): Map<string, UserPlanEntry> {
  return new Map(snapshot.plan.users.map((entry) => [entry.sourceId, entry]));
}

/** Match state in words: linked/matched to a Zendesk user, or what would happen. */
export function matchState(entry: UserPlanEntry | undefined): { text: string; matched: boolean } {
  if (entry === undefined) return { text: 'not evaluated', matched: false };
  if (entry.targetId !== null) return { text: `Zendesk #${entry.targetId}`, matched: true };
  if (entry.action === 'create') return { text: 'no match: would be created', matched: false };
  return { text: 'no Zendesk user', matched: false };
}

export function userTooltip(entry: UserPlanEntry | undefined, name: string): string {
  if (entry === undefined) return `**${md(name)}**\n\nNot part of this cycle.`;
  const lines = [`**${md(name)}**`, '', `Scope: **${entry.scope.inScope ? 'in scope' : 'out of scope'}** — ${md(entry.scope.summary)}`, ''];
  for (const reason of entry.scope.reasons) lines.push(`- ${md(reason)}`);
  lines.push('', `Match: ${md(matchState(entry).text)}`, '', `Next cycle: ${md(entry.message)}`);
  if (entry.error !== null) lines.push('', `Error: **${md(entry.error.code)}** — ${md(entry.error.reason)}`, '', `Fix: ${md(entry.error.recommendedAction)}`);
  return lines.join('\n');
}

function entraUserNode(snapshot: Snapshot, entries: Map<string, UserPlanEntry>, userId: string, idPrefix: string): NodeSpec {
  const record = snapshot.model.entra.users.get(userId);
  const entry = entries.get(userId);
  const name = record?.graph?.userPrincipalName ?? record?.graph?.displayName ?? userId;
  const match = matchState(entry);
  const inScope = entry?.scope.inScope ?? false;
  return {
    id: `${idPrefix}/user:${userId}`,
    label: record?.graph?.displayName ?? name,
    description: `${inScope ? 'in scope' : 'out of scope'} · ${match.text}`,
    tooltip: userTooltip(entry, name),
    icon: entry?.error ? 'error' : inScope ? 'pass' : 'circle-slash',
    ...(entry?.error ? { iconColor: 'errorForeground' } : {}),
    contextValue: contextValue('entraUser', inScope ? 'inScope' : 'outOfScope', match.matched && 'matched'),
    entraUserId: userId,
    ...(entry?.targetId != null ? { zendeskUserId: entry.targetId } : {}),
  };
}

/** Entra Assignments: app roles → assigned users and groups → group members. */
export function assignmentNodes(snapshot: Snapshot): NodeSpec[] {
  const { entra } = snapshot.model;
  const entries = entryByUser(snapshot);
  const byRole = new Map<string, { users: Set<string>; groups: Set<string> }>();
  const slot = (roleId: string) => {
    let s = byRole.get(roleId);
    if (s === undefined) byRole.set(roleId, (s = { users: new Set(), groups: new Set() }));
    return s;
  };
  for (const user of entra.users.values()) for (const a of user.assignments) if (a.via.kind === 'direct') slot(a.appRoleId).users.add(user.id);
  for (const group of entra.groups.values()) for (const a of group.assignments) if (a.via.kind === 'direct') slot(a.appRoleId).groups.add(group.id);
  const roleName = (roleId: string): string => {
    const role = entra.appRoles.get(roleId);
    if (role !== undefined) return role.displayName ?? role.value ?? roleId;
    for (const u of entra.users.values()) for (const a of u.assignments) if (a.appRoleId === roleId) return a.roleName;
    for (const g of entra.groups.values()) for (const a of g.assignments) if (a.appRoleId === roleId) return a.roleName;
    return roleId;
  };
  const roots: NodeSpec[] = [];
  for (const [roleId, members] of [...byRole].sort((a, b) => roleName(a[0]).localeCompare(roleName(b[0])))) {
    const role = entra.appRoles.get(roleId);
    const rolePrefix = `assignments/role:${roleId}`;
    const children: NodeSpec[] = [];
    for (const groupId of members.groups) {
      const group = entra.groups.get(groupId);
      const memberIds = group?.memberUserIds ?? [];
      children.push({
        id: `${rolePrefix}/group:${groupId}`,
        label: group?.graph?.displayName ?? groupId,
        description: `group · ${memberIds.length} member${memberIds.length === 1 ? '' : 's'}`,
        tooltip: group !== undefined && group.nestedGroupIds.length > 0 ? `${group.nestedGroupIds.length} nested group(s): their members are not provisioned (nested groups are not supported).` : 'Assigned group: its direct members are provisioned.',
        icon: 'organization',
        contextValue: contextValue('entraGroup'),
        children: memberIds.map((userId) => entraUserNode(snapshot, entries, userId, `${rolePrefix}/group:${groupId}`)),
      });
    }
    for (const userId of members.users) children.push(entraUserNode(snapshot, entries, userId, rolePrefix));
    roots.push({
      id: rolePrefix,
      label: sandboxLabel(snapshot, roleName(roleId)),
      description: `${role?.value ?? 'Default Access'} · ${members.users.size} users, ${members.groups.size} groups`,
      icon: 'shield',
      contextValue: contextValue('appRole'),
      expanded: true,
      children,
    });
  }
  if (roots.length === 0) roots.push({ id: 'assignments/empty', label: 'Nobody is assigned to the app', description: 'assign users or groups in Entra', icon: 'info' });
  return roots;
}

function zendeskRoleKey(user: ZendeskUser, customRoleName: (id: number) => string | undefined): string {
  if (user.role === 'agent' && user.custom_role_id != null) return customRoleName(user.custom_role_id) ?? `custom role ${user.custom_role_id}`;
  return user.role;
}

/** Zendesk Users: by role (built-in name or custom role name), suspended marked, the matched Entra user shown. */
export function zendeskUserNodes(snapshot: Snapshot, limits: ReadonlyMap<string, number> = new Map()): NodeSpec[] {
  const { zendesk } = snapshot.model;
  const customRoleName = (id: number) => zendesk.customRoles?.find((r) => r.id === id)?.name;
  const entraByTarget = new Map<number, UserPlanEntry>();
  for (const entry of snapshot.plan.users) if (entry.targetId !== null) entraByTarget.set(entry.targetId, entry);
  const byRole = new Map<string, ZendeskUser[]>();
  for (const user of zendesk.users.values()) {
    const key = zendeskRoleKey(user, customRoleName);
    const list = byRole.get(key) ?? [];
    list.push(user);
    byRole.set(key, list);
  }
  return [...byRole].sort((a, b) => a[0].localeCompare(b[0])).map(([role, users]) => {
    const id = `zendeskUsers/role:${role}`;
    const limit = limits.get(id) ?? USERS_PAGE_SIZE;
    const shown = [...users].sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
    const children: NodeSpec[] = shown.map((user) => {
      const entra = entraByTarget.get(user.id);
      const facts = [user.email ?? 'no e-mail', user.suspended ? 'suspended' : null, entra !== undefined ? `↔ ${entra.displayName}` : null].filter((f): f is string => f !== null);
      return {
        id: `${id}/user:${user.id}`,
        label: user.name,
        description: facts.join(' · '),
        tooltip: [`**${md(user.name)}** (#${user.id})`, '', `Role: ${md(role)}`, `E-mail: ${md(user.email ?? '—')}`, `External id: ${md(user.external_id ?? '—')}`, user.suspended ? 'Suspended' : 'Active', entra !== undefined ? `Matched Entra user: ${md(entra.displayName)}` : 'Not matched to an Entra user'].join('\n\n'),
        icon: user.suspended ? 'debug-pause' : 'account',
        ...(user.suspended ? { iconColor: 'disabledForeground' } : {}),
        contextValue: contextValue('zendeskUser', user.suspended && 'suspended', entra !== undefined && 'matched'),
        zendeskUserId: user.id,
        ...(entra !== undefined ? { entraUserId: entra.sourceId } : {}),
      };
    });
    if (users.length > shown.length) {
      children.push({
        id: `${id}/loadMore`,
        label: 'Load more…',
        description: `${users.length - shown.length} more`,
        icon: 'ellipsis',
        contextValue: contextValue('loadMore'),
        command: { command: CommandIds.loadMore, title: 'Load more', arguments: [id] },
      });
    }
    return { id, label: sandboxLabel(snapshot, role), description: `${users.length}`, icon: 'shield', contextValue: contextValue('zendeskRoleGroup'), children };
  });
}

/** Zendesk Roles: the built-in roles and the custom roles, each with its member count. */
export function zendeskRoleNodes(snapshot: Snapshot): NodeSpec[] {
  const { zendesk } = snapshot.model;
  const users = [...zendesk.users.values()];
  const builtIn = (['admin', 'agent', 'end-user'] as const).map((role) => {
    const count = users.filter((u) => u.role === role && (role !== 'agent' || u.custom_role_id == null)).length;
    return { id: `zendeskRoles/builtIn:${role}`, label: sandboxLabel(snapshot, role), description: `built-in · ${count} member${count === 1 ? '' : 's'}`, icon: 'shield', contextValue: contextValue('zendeskRole', 'builtIn') };
  });
  const custom = (zendesk.customRoles ?? []).map((role) => {
    const count = users.filter((u) => u.custom_role_id === role.id).length;
    return { id: `zendeskRoles/custom:${role.id}`, label: sandboxLabel(snapshot, role.name), description: `custom · ${count} member${count === 1 ? '' : 's'}`, tooltip: `Custom role #${role.id}: \`role: agent\` + \`custom_role_id: ${role.id}\``, icon: 'key', contextValue: contextValue('zendeskRole', 'custom') };
  });
  const note: NodeSpec[] = zendesk.customRoles === null ? [{ id: 'zendeskRoles/noCustom', label: 'No custom roles on this plan', description: 'Enterprise only', icon: 'info' }] : [];
  return [...builtIn, ...custom, ...note];
}

/** Zendesk Groups → memberships (agents). */
export function zendeskGroupNodes(snapshot: Snapshot): NodeSpec[] {
  const { zendesk } = snapshot.model;
  const nodes = [...zendesk.groups.values()].sort((a, b) => a.name.localeCompare(b.name)).map((group) => {
    const memberships = zendesk.membershipsByGroup.get(group.id) ?? [];
    return {
      id: `zendeskGroups/group:${group.id}`,
      label: sandboxLabel(snapshot, group.name),
      description: `${memberships.length} member${memberships.length === 1 ? '' : 's'}`,
      icon: 'organization',
      contextValue: contextValue('zendeskGroup'),
      children: memberships.map((m) => {
        const user = zendesk.users.get(m.user_id);
        return { id: `zendeskGroups/group:${group.id}/membership:${m.id}`, label: user?.name ?? `user #${m.user_id}`, description: [user?.role, m.default ? 'default group' : null].filter(Boolean).join(' · '), icon: 'account', contextValue: contextValue('zendeskMembership'), zendeskUserId: m.user_id };
      }),
    };
  });
  return nodes.length > 0 ? nodes : [{ id: 'zendeskGroups/empty', label: 'No groups in Zendesk', icon: 'info' }];
}

const STATUS_ICON: Record<string, { icon: string; color?: string }> = {
  success: { icon: 'pass', color: 'testing.iconPassed' },
  failure: { icon: 'error', color: 'errorForeground' },
  skipped: { icon: 'circle-slash' },
  warning: { icon: 'warning', color: 'editorWarning.foreground' },
};

/** Provisioning Activity: runs (cycles), newest first → one record per object → its steps. */
export function activityNodes(records: ReadonlyArray<ProvisioningObjectSummary>, sandbox: boolean): NodeSpec[] {
  const byCycle = new Map<string, ProvisioningObjectSummary[]>();
  for (const record of records) {
    const list = byCycle.get(record.cycleId) ?? [];
    list.push(record);
    byCycle.set(record.cycleId, list);
  }
  const cycles = [...byCycle].sort((a, b) => b[1][0]!.activityDateTime.localeCompare(a[1][0]!.activityDateTime));
  if (cycles.length === 0) return [{ id: 'activity/empty', label: 'No provisioning runs yet', description: 'run a trial provision or a sync', icon: 'info' }];
  return cycles.map(([cycleId, list]) => {
    const failures = list.filter((r) => r.provisioningStatusInfo.status === 'failure').length;
    const changes = list.filter((r) => r.provisioningStatusInfo.status === 'success' && r.provisioningAction !== 'other').length;
    const trial = list[0]!.jobId.endsWith('provision-on-demand');
    const when = list[0]!.activityDateTime.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
    return {
      id: `activity/cycle:${cycleId}`,
      label: `${trial ? 'Trial provision' : 'Sync'} ${when}${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}`,
      description: `${list.length} record${list.length === 1 ? '' : 's'} · ${changes} ok · ${failures} failed`,
      icon: failures > 0 ? 'error' : 'history',
      contextValue: contextValue('activityRun'),
      children: list.map((record) => {
        const status = STATUS_ICON[record.provisioningStatusInfo.status] ?? { icon: 'circle-outline' };
        return {
          id: `activity/cycle:${cycleId}/record:${record.id}`,
          label: record.sourceIdentity.displayName || record.sourceIdentity.id,
          description: `${record.provisioningAction} · ${record.provisioningStatusInfo.status}`,
          tooltip: record.provisioningStatusInfo.errorInformation !== null ? `**${md(record.provisioningStatusInfo.errorInformation.errorCode)}**: ${md(record.provisioningStatusInfo.errorInformation.reason)}` : undefined,
          icon: status.icon,
          ...(status.color !== undefined ? { iconColor: status.color } : {}),
          contextValue: contextValue('activityRecord'),
          command: { command: CommandIds.showRecord, title: 'Show record', arguments: [record.id] },
          children: record.provisioningSteps.map((step, i) => ({
            id: `activity/cycle:${cycleId}/record:${record.id}/step:${i}`,
            label: step.name,
            description: step.description,
            tooltip: Object.entries(step.details).map(([k, v]) => `${md(k)}: ${md(v)}`).join('\n\n') || undefined,
            icon: (STATUS_ICON[step.status] ?? { icon: 'circle-outline' }).icon,
            contextValue: contextValue('activityStep'),
          })),
        };
      }),
    };
  });
}
