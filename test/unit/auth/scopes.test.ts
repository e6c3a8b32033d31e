import * as assert from 'node:assert/strict';
import {
  delegatedScopes,
  leastPrivilegedPermissions,
  parseVscodeScopes,
  permits,
  qualifyGraphScope,
  VSCODE_DEFAULT_CLIENT_ID,
  vscodeSessionScopes,
} from '../../../src/auth';

const CLIENT = '5c0a3e7e-9d2f-4c1b-8f6a-2a1d3c4b5e6f';
const TENANT = '11111111-2222-3333-4444-555555555555';

describe('auth/scopes', () => {
  it('least privilege per operation: application sync writes use Application.ReadWrite.OwnedBy, delegated Synchronization.ReadWrite.All', () => {
    assert.deepEqual(leastPrivilegedPermissions(['writeSynchronization'], 'application'), ['Application.ReadWrite.OwnedBy']);
    assert.deepEqual(leastPrivilegedPermissions(['writeSynchronization'], 'delegated'), ['Synchronization.ReadWrite.All']);
    assert.deepEqual(leastPrivilegedPermissions(['readServicePrincipals', 'readAppRoleAssignments', 'readUsers', 'readGroupMembers'], 'application'), [
      'Application.Read.All',
      'User.Read.All',
      'GroupMember.Read.All',
    ]);
  });

  it('permits accepts higher alternatives but not unrelated permissions', () => {
    assert.equal(permits(['Directory.Read.All'], 'readUsers', 'application'), true);
    assert.equal(permits(['user.read.all'], 'readUsers', 'delegated'), true);
    assert.equal(permits(['User.ReadBasic.All'], 'readUsers', 'delegated'), false);
    assert.equal(permits(['Application.Read.All'], 'writeAppRoleAssignments', 'application'), false);
  });

  it('qualifies Graph scopes once', () => {
    assert.equal(qualifyGraphScope('User.Read.All'), 'https://graph.microsoft.com/User.Read.All');
    assert.equal(qualifyGraphScope('https://graph.microsoft.com/User.Read.All'), 'https://graph.microsoft.com/User.Read.All');
    assert.deepEqual(delegatedScopes(['readUsers', 'readUsers']), ['https://graph.microsoft.com/User.Read.All']);
  });

  it('builds VS Code session scopes: pseudo-scopes first, Graph scopes sorted and deduplicated', () => {
    const scopes = vscodeSessionScopes({ clientId: CLIENT, tenantId: TENANT, operations: ['readUsers', 'readServicePrincipals'], scopes: ['User.Read.All'] });
    assert.deepEqual(scopes, [
      `VSCODE_CLIENT_ID:${CLIENT}`,
      `VSCODE_TENANT:${TENANT}`,
      'https://graph.microsoft.com/Application.Read.All',
      'https://graph.microsoft.com/User.Read.All',
    ]);
    assert.deepEqual(parseVscodeScopes(scopes), { clientId: CLIENT, tenant: TENANT, scopes: scopes.slice(2) });
    assert.equal(vscodeSessionScopes({ clientId: CLIENT })[1], 'VSCODE_TENANT:organizations');
  });

  it('rejects VS Code’s own client id, non-GUID client ids and malformed tenants with a fix', () => {
    assert.throws(() => vscodeSessionScopes({ clientId: VSCODE_DEFAULT_CLIENT_ID }), /AADSTS65002/);
    assert.throws(() => vscodeSessionScopes({ clientId: 'my-app' }), /client id \(a GUID\)/);
    assert.throws(() => vscodeSessionScopes({ clientId: CLIENT, tenantId: 'not a tenant' }), /Tenant must be/);
    assert.doesNotThrow(() => vscodeSessionScopes({ clientId: CLIENT, tenantId: 'contoso.onmicrosoft.com' }));
  });
});
