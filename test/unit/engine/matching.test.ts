import assert from 'node:assert/strict';
import { ROLE, link, planFor, stateWith, tenant, testConfig, userEntry } from './fakes';

describe('engine matching', () => {
  it('no match → create', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.match?.kind, 'notFound');
    assert.equal(entry.action, 'create');
  });

  it('one match → update, and the link is recorded', async () => {
    const t = tenant();
    t.entra.addUser('u1', { displayName: 'New Name' }).assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', role: 'agent', name: 'Old Name' });
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.match?.kind, 'matched');
    assert.equal(entry.action, 'update');
    assert.equal(entry.targetId, 7);
    assert.deepEqual(entry.link, { kind: 'set', targetId: 7, disabledReason: null });
  });

  it('two matches → DuplicateTargetEntries', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com' }).addUser(8, { email: 'U1@contoso.com' });
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.action, 'error');
    assert.equal(entry.error?.code, 'DuplicateTargetEntries');
    assert.match(entry.error!.reason, /2 Zendesk users match email = "u1@contoso.com" \(ids 7, 8\)/);
  });

  it('two source users with one matching value → DuplicateSourceEntries', async () => {
    const t = tenant();
    t.entra.addUser('u1', { userPrincipalName: 'same@contoso.com' }).assign('u1', ROLE.agent);
    t.entra.addUser('u2', { userPrincipalName: 'SAME@contoso.com' }).assign('u2', ROLE.agent);
    const plan = await planFor(t);
    for (const id of ['u1', 'u2']) {
      assert.equal(userEntry(plan, id).error?.code, 'DuplicateSourceEntries');
      assert.equal(userEntry(plan, id).action, 'error');
    }
  });

  it('missing matching value → ImportSkipped', async () => {
    const t = tenant();
    const base = testConfig();
    // Only UPN matches here; the user has none.
    const config = testConfig({
      userMapping: { ...base.userMapping, attributeMappings: base.userMapping.attributeMappings.filter((m) => m.target !== 'external_id') },
    });
    t.entra.addUser('u1', { userPrincipalName: null }).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t, config), 'u1');
    assert.equal(entry.action, 'skip');
    assert.equal(entry.skipReason, 'ImportSkipped');
    assert.equal(entry.error?.code, 'ImportSkipped');
  });

  it('matching attributes are tried by precedence; the next one only when the first finds nothing', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'other@example.com', external_id: 'u1' });
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.match?.kind, 'matched');
    assert.equal(entry.match?.kind === 'matched' && entry.match.attribute, 'external_id');
    assert.deepEqual(entry.match?.attempts.map((a) => [a.targetAttribute, a.matchedIds.length]), [['email', 0], ['external_id', 1]]);
  });

  it('first match wins: a hit on email stops before external_id', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com' }).addUser(8, { email: 'x@example.com', external_id: 'u1' });
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.targetId, 7);
    assert.equal(entry.match?.attempts.length, 1);
  });

  it('the cached link is used before the matching attributes', async () => {
    const t = tenant();
    t.entra.addUser('u1', { userPrincipalName: 'renamed@contoso.com' }).assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1' }).addUser(8, { email: 'renamed@contoso.com' });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7)])), 'u1');
    assert.equal(entry.match?.kind, 'linked');
    assert.equal(entry.targetId, 7);
  });

  it('matching values compare case-insensitively', async () => {
    const t = tenant();
    t.entra.addUser('u1', { userPrincipalName: 'Adele.Vance@Contoso.com' }).assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'adele.vance@contoso.com' });
    assert.equal(userEntry(await planFor(t), 'u1').targetId, 7);
  });

  it('a linked Zendesk user that no longer exists → InvalidAnchor', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 99)])), 'u1');
    assert.equal(entry.error?.code, 'InvalidAnchor');
  });

  it('a match already linked to another Entra user → DuplicateSourceEntries', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).addUser('u2', { userPrincipalName: 'u1-alias@contoso.com' }).assign('u2', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com' });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u2', 7)])), 'u1');
    assert.equal(entry.error?.code, 'DuplicateSourceEntries');
    assert.match(entry.error!.reason, /already linked to the Entra user u2/);
  });
});
