/**
 * The editor's preview users, drawn from the last imported snapshot (who exists and who is assigned) and fetched from
 * Graph on demand with a broad `$select`, so that a mapping that reads an attribute the current configuration does
 * not yet use still previews with the real value. No `vscode` import: the extension wires `fetchUsers` to Graph.
 */
import type { AppRoleAssignmentValue } from '../../core/expressions';
import {
  compileReaders,
  graphSelect,
  toSourceUser,
  type GraphUser,
  type ImportedModel,
  type SourceUserRecord,
} from '../../core/engine';
import type { PreviewUserSummary } from '../../protocol/editor-protocol';
import type { PreviewUser, PreviewUserSource } from './editor-controller';
import { ENTRA_USER_SOURCE_ATTRIBUTES } from './source-attributes';

/** Attributes that are navigation properties or not selectable as plain user properties. */
const NOT_SELECTABLE = new Set(['manager']);
const PREVIEW_ATTRIBUTES = ENTRA_USER_SOURCE_ATTRIBUTES.filter((name) => !NOT_SELECTABLE.has(name));
const PREVIEW_READERS = compileReaders(PREVIEW_ATTRIBUTES, 'User');
const PREVIEW_SELECT = graphSelect(PREVIEW_ATTRIBUTES, 'User', ['id', 'accountEnabled', 'userPrincipalName', 'displayName']);

export interface SnapshotPreviewDeps {
  /** The last imported model, or undefined before the first import (then the editor says "no users"). */
  readonly model: () => ImportedModel | undefined;
  /** Users by id with the given `$select` (the Graph port's `getUsers`). */
  readonly fetchUsers: (ids: ReadonlyArray<string>, select: ReadonlyArray<string>) => Promise<ReadonlyArray<GraphUser>>;
}

export function snapshotPreviewUsers(deps: SnapshotPreviewDeps): PreviewUserSource {
  const records = (): ReadonlyArray<SourceUserRecord> => {
    const model = deps.model();
    if (model === undefined) return [];
    return [...model.entra.users.values()].filter((record) => record.presence === 'present' && record.graph !== null);
  };
  const summaryOf = (record: SourceUserRecord): PreviewUserSummary => ({
    id: record.id,
    displayName: String(record.graph?.displayName ?? record.graph?.userPrincipalName ?? record.id),
    ...(typeof record.graph?.userPrincipalName === 'string' ? { userPrincipalName: record.graph.userPrincipalName } : {}),
    // Default Access is not an assignment for Zendesk (reference §1.4).
    assigned: record.assignments.some((assignment) => !assignment.defaultAccess),
  });
  const load = async (wanted: ReadonlyArray<SourceUserRecord>): Promise<PreviewUser[]> => {
    if (wanted.length === 0) return [];
    const users = new Map((await deps.fetchUsers(wanted.map((r) => r.id), PREVIEW_SELECT)).map((u) => [u.id, u]));
    const out: PreviewUser[] = [];
    for (const record of wanted) {
      const user = users.get(record.id);
      if (user === undefined) continue;
      out.push({ ...summaryOf(record), attributes: toSourceUser(user, PREVIEW_READERS, rolesOf(record)) });
    }
    return out;
  };
  return {
    async searchUsers(query, limit) {
      const needle = query.trim().toLowerCase();
      return records()
        .filter((record) => {
          const graph = record.graph;
          return needle === '' || [graph?.displayName, graph?.userPrincipalName, graph?.['mail']].some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
        })
        .slice(0, limit)
        .map(summaryOf);
    },
    async getUser(id) {
      const record = records().find((r) => r.id === id);
      return record === undefined ? undefined : (await load([record]))[0];
    },
    async listScopeCandidates(limit) {
      return load(records().slice(0, limit));
    },
  };
}

/** The user's distinct app roles (Default Access left out), as SingleAppRoleAssignment and friends see them. */
function rolesOf(record: SourceUserRecord): AppRoleAssignmentValue[] {
  const seen = new Map<string, AppRoleAssignmentValue>();
  for (const assignment of record.assignments) {
    if (assignment.defaultAccess || seen.has(assignment.appRoleId)) continue;
    seen.set(assignment.appRoleId, { id: assignment.appRoleId, displayName: assignment.roleName, value: assignment.roleValue });
  }
  return [...seen.values()];
}
