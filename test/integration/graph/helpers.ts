/** Shared helpers for the Graph sandbox tests: a small generated tenant and a raw HTTPS caller that trusts the sandbox CA. */
import * as https from 'node:https';
import type { GraphSandbox, GraphSeed } from '../../../src/sandbox/graph';

export const SP_ID = '8e881353-1735-45af-af21-ee1344582a4d';
export const APP_ID = 'a1f4c7e2-3b5d-4e6f-9a8b-7c6d5e4f3a2b';
export const ROLE_AGENT = '11111111-0000-4000-8000-000000000001';
export const ROLE_END_USER = '11111111-0000-4000-8000-000000000002';
export const MSIAM_ACCESS = 'b9632174-c057-4f7e-951b-be3adc52bfe6';
export const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';
export const EXTENSION = 'extension_b7d8e648520f41d3b9c0fdeb91768a0a_costCenter';

export function userId(i: number): string {
  return `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`;
}

export function groupId(i: number): string {
  return `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`;
}

/** `userCount` users, groups: g1 (users 1–5, and g2 nested), g2 (user 6), g3 (Unified, user 7). */
export function smallSeed(userCount = 250): GraphSeed {
  const users = Array.from({ length: userCount }, (_, n) => {
    const i = n + 1;
    return {
      id: userId(i),
      displayName: `User ${String(i).padStart(3, '0')}`,
      givenName: 'User',
      surname: String(i),
      userPrincipalName: `user${i}@contoso.example`,
      mail: `user${i}@contoso.example`,
      department: i % 2 === 0 ? 'Support' : 'Sales',
      jobTitle: 'Agent',
      employeeId: `E${i}`,
      businessPhones: [],
      accountEnabled: true,
      otherMails: [`alt${i}@fabrikam.example`],
      proxyAddresses: [`SMTP:user${i}@contoso.example`],
      ...(i === 1 ? { [EXTENSION]: 'CC-100' } : {}),
    };
  });
  return {
    servicePrincipals: [
      {
        id: SP_ID,
        appId: APP_ID,
        displayName: 'Zendesk',
        appRoles: [
          { id: MSIAM_ACCESS, displayName: 'msiam_access', value: null, description: 'msiam_access', allowedMemberTypes: ['User'], isEnabled: true, origin: 'Application' },
          { id: ROLE_AGENT, displayName: 'Agent', value: 'agent', allowedMemberTypes: ['User'] },
          { id: ROLE_END_USER, displayName: 'End-user', value: 'end-user', allowedMemberTypes: ['User'] },
        ],
      },
      { id: '22222222-0000-4000-8000-000000000000', appId: '33333333-0000-4000-8000-000000000000', displayName: 'Zendesk Sandbox', appRoles: [] },
    ],
    users,
    groups: [
      { id: groupId(1), displayName: 'Agents', members: [userId(1), userId(2), userId(3), userId(4), userId(5), groupId(2)] },
      { id: groupId(2), displayName: 'Nested', members: [userId(6)] },
      { id: groupId(3), displayName: 'M365', groupTypes: ['Unified'], securityEnabled: false, mailEnabled: true, members: [userId(7)] },
    ],
    appRoleAssignments: [
      { principalId: userId(1), appRoleId: ROLE_AGENT, resourceId: SP_ID },
      { principalId: userId(2), appRoleId: DEFAULT_ACCESS, resourceId: SP_ID },
      { principalId: userId(3), appRoleId: ROLE_AGENT, resourceId: SP_ID },
      { principalId: userId(3), appRoleId: ROLE_END_USER, resourceId: SP_ID },
      { principalId: groupId(1), appRoleId: ROLE_END_USER, resourceId: SP_ID },
    ],
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: Record<string, unknown>;
}

/** A raw HTTPS call to the sandbox (path relative to its origin), trusting its CA. */
export function raw(
  sandbox: GraphSandbox,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; token?: string | null } = {},
): Promise<RawResponse> {
  const token = options.token === undefined ? sandbox.mintToken() : options.token;
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${sandbox.url}${path}`,
      {
        method,
        ca: sandbox.ca,
        agent: false,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown>;
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            json = {}; // text/plain bodies ($count)
          }
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: response.statusCode ?? 0, headers, text, json });
        });
      },
    );
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

export function graphError(response: RawResponse): { code: string; message: string; innerError: Record<string, string> } {
  return (response.json as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
}
