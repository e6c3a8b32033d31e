/** In-memory ports for the editor controller: a config file, preview users and discovery (shared with test/webview). */
import type { EditorConfigFile, PreviewUser, PreviewUserSource } from '../../../src/extension/editor/editor-controller';
import type { PreviewUserSummary } from '../../../src/protocol/editor-protocol';

export class MemoryFile implements EditorConfigFile {
  readonly writes: string[] = [];
  constructor(public text: string, readonly origin = '/workspace/.vscode/entra-zendesk.json') {}
  async read(): Promise<string> {
    return this.text;
  }
  async write(text: string): Promise<void> {
    this.writes.push(text);
    this.text = text;
  }
}

export class MemoryUsers implements PreviewUserSource {
  constructor(readonly users: ReadonlyArray<PreviewUser>) {}
  async searchUsers(query: string, limit: number): Promise<ReadonlyArray<PreviewUserSummary>> {
    const q = query.toLowerCase();
    return this.users
      .filter((u) => u.displayName.toLowerCase().includes(q) || (u.userPrincipalName ?? '').toLowerCase().includes(q))
      .slice(0, limit);
  }
  async getUser(id: string): Promise<PreviewUser | undefined> {
    return this.users.find((u) => u.id === id);
  }
  async listScopeCandidates(limit: number): Promise<ReadonlyArray<PreviewUser>> {
    return this.users.slice(0, limit);
  }
}

function user(id: string, displayName: string, assigned: boolean, attributes: Record<string, string | boolean | string[] | null>): PreviewUser {
  const userPrincipalName = `${displayName.toLowerCase().replace(/ /g, '.')}@contoso.com`;
  return { id, displayName, userPrincipalName, assigned, attributes: { objectId: id, displayName, userPrincipalName, IsSoftDeleted: false, ...attributes } };
}

/** Four users: three assigned (two in Sales), one not assigned. */
export const SAMPLE_USERS: ReadonlyArray<PreviewUser> = [
  user('u-jane', 'Jane Doe', true, { givenName: 'Jane', surname: 'Doe', department: 'Sales', jobTitle: 'Account Executive', appRoleAssignments: ['Agent'] }),
  user('u-bob', 'Bob Stone', true, { givenName: 'Bob', surname: 'Stone', department: 'Support', jobTitle: null, appRoleAssignments: ['Administrator'] }),
  user('u-zoe', 'Zoe Park', true, { givenName: 'Zoe', surname: 'Park', department: 'Sales', appRoleAssignments: [] }),
  user('u-max', 'Max Unassigned', false, { givenName: 'Max', surname: 'Unassigned', department: 'Sales' }),
];

export const MINIMAL_CONFIG = `{
  // The deployment this workspace provisions.
  "entra": { "tenantId": "contoso.onmicrosoft.com", "displayName": "Zendesk" },
  "zendesk": { "subdomain": "contoso", "adminEmail": "admin@contoso.com" },
  "teamNote": "kept by every save"
}
`;
