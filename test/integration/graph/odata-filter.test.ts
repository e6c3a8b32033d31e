import * as assert from 'node:assert/strict';
import { evaluateFilter, filterClauses, FilterSyntaxError, parseFilter } from '../../../src/sandbox/graph/odata-filter';

describe('Graph sandbox: $filter parser and evaluator', () => {
  const user = { id: 'A', mail: 'Bob@Contoso.com', accountEnabled: true, proxyAddresses: ['SMTP:bob@contoso.com', 'smtp:bob@sales.contoso.com'], city: null, ext: { extensionAttribute1: 'x' } };

  it('evaluates eq (case-insensitive), in, startsWith/endsWith, and/or/not, null and lambdas', () => {
    const yes = [
      "mail eq 'bob@contoso.com'",
      "mail in ('x@y', 'BOB@contoso.com')",
      "startswith(mail,'bob')",
      "endsWith(mail,'.COM')",
      "accountEnabled eq true and not(city ne null)",
      "proxyAddresses/any(p:startswith(p,'smtp:bob@sales'))",
      "proxyAddresses/all(p:endswith(p,'contoso.com'))",
      "ext/extensionAttribute1 eq 'x' or mail eq 'nobody'",
      "mail eq 'it''s' or (id eq 'a')",
    ];
    for (const text of yes) assert.equal(evaluateFilter(parseFilter(text), user), true, text);
    assert.equal(evaluateFilter(parseFilter("mail ne 'bob@contoso.com'"), user), false);
  });

  it('lists (property, operator) clauses for the support tables, lambda variables resolved to the collection', () => {
    assert.deepEqual(filterClauses(parseFilter("proxyAddresses/any(p:endswith(p,'x')) and city eq null and not(mail ne 'a')")), [
      { property: 'proxyAddresses', operator: 'endsWith', spelled: 'endsWith' },
      { property: 'city', operator: 'eqNull', spelled: 'eq' },
      { property: 'mail', operator: 'not', spelled: 'not' },
      { property: 'mail', operator: 'ne', spelled: 'ne' },
    ]);
  });

  it('reads unquoted GUIDs and dates as literals', () => {
    assert.equal(evaluateFilter(parseFilter('appRoleId eq 00000000-0000-0000-0000-000000000000'), { appRoleId: '00000000-0000-0000-0000-000000000000' }), true);
    assert.equal(evaluateFilter(parseFilter('createdDateTime ge 2024-01-01T00:00:00Z'), { createdDateTime: '2024-02-01T00:00:00Z' }), true);
  });

  it('reports syntax errors with the position', () => {
    assert.throws(() => parseFilter("mail eq 'x"), (e: Error) => e instanceof FilterSyntaxError && /Unterminated string literal starting at position 8/.test(e.message));
    assert.throws(() => parseFilter('mail has 1'), /'has' is not a supported operator/);
    assert.throws(() => parseFilter("mail eq 'x' extra"), /unexpected 'extra'/);
    assert.throws(() => parseFilter(''), /empty/);
  });
});
