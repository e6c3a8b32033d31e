import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from './evaluate-helper';

/** The §3.6 table read from the reference itself, so the implementation is checked against the source of truth. */
function referenceTable(): Array<[string, string]> {
  const path = join(__dirname, '../../../../../shared/reference/entra-provisioning.md');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const section = text.slice(text.indexOf('### 3.6'), text.indexOf('### 3.7'));
  const pairs: Array<[string, string]> = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4 || cells[0] === 'Characters' || cells[0]!.startsWith('---')) continue;
    for (const [chars, to] of [[cells[0]!, cells[1]!], [cells[2]!, cells[3]!]] as const) {
      if (chars !== '') for (const seq of chars.split(' ')) pairs.push([seq, to]);
    }
  }
  return pairs;
}

describe('expressions: NormalizeDiacritics and PCase', () => {
  describe('NormalizeDiacritics', () => {
    it('replaces every entry of the reference table', function () {
      const table = referenceTable();
      if (table.length === 0) this.skip();
      assert.ok(table.length > 250, `parsed ${table.length} entries`);
      for (const [sequence, to] of table) {
        assert.equal(evaluate('NormalizeDiacritics([s])', { s: `<${sequence}>` }), `<${to}>`, `${sequence} (${[...sequence].map((c) => c.codePointAt(0)!.toString(16)).join(' ')})`);
      }
    });
    it('replaces names', () => {
      assert.equal(evaluate('NormalizeDiacritics("Zoë Ångström-Øre, Jürgen Groß, Ægir, Łukasz Żółć")'), 'Zoe Angstrom-OEre, Jurgen Gross, AEgir, Lukasz Zolc');
    });
    it('matches the longest sequence first (base + combining marks)', () => {
      // No Unicode normalization first: a + ◌̄ + ◌́ is not a table entry (ā + ◌́ is), so it passes through.
      assert.equal(evaluate('NormalizeDiacritics([s])', { s: 'a\u0304\u0301b' }), 'a\u0304\u0301b');
      assert.equal(evaluate('NormalizeDiacritics([s])', { s: '\u0101\u0301' }), 'a'); // ā + ◌́
      assert.equal(evaluate('NormalizeDiacritics([s])', { s: 'e\u030a\u0304' }), 'e'); // e̊̄
      assert.equal(evaluate('NormalizeDiacritics([s])', { s: 'o\u0304' }), 'o\u0304'); // o + ◌̄ is not in the table
    });
    it('passes characters outside the table through, plain œ included', () => {
      assert.equal(evaluate('NormalizeDiacritics("œuvre Œ 東京 ascii")'), 'œuvre Œ 東京 ascii');
      assert.equal(evaluate('NormalizeDiacritics("")'), '');
      assert.equal(evaluate('NormalizeDiacritics([missing])'), null);
    });
  });

  describe('PCase', () => {
    it('lower-cases first, then title-cases (E46)', () => {
      assert.equal(evaluate('PCase("PABLO GONSALVES (SECOND)")'), 'Pablo Gonsalves (Second)');
      assert.equal(evaluate('PCase("hello world")'), 'Hello World');
      assert.equal(evaluate('PCase("mcDONALD")'), 'Mcdonald');
    });
    it("uses .NET ToTitleCase's word breaks by default", () => {
      assert.equal(evaluate('PCase("jean-luc picard")'), 'Jean-Luc Picard');
      assert.equal(evaluate('PCase("anne_marie")'), 'Anne_Marie');
      assert.equal(evaluate('PCase("o\'neil")'), "O'neil");
      assert.equal(evaluate('PCase("a.b/c+d")'), 'A.B/C+D');
      assert.equal(evaluate('PCase("1st place")'), '1St Place');
      assert.equal(evaluate('PCase("abc1def")'), 'Abc1def');
      assert.equal(evaluate('PCase("élan ÉCOLE")'), 'Élan École');
      assert.equal(evaluate('PCase([s])', { s: 'tab\tseparated\nlines' }), 'Tab\tSeparated\nLines');
    });
    it('splits only on the given separators', () => {
      assert.equal(evaluate('PCase("NEW YORK-city", " ")'), 'New York-city');
      assert.equal(evaluate('PCase("NEW YORK-city", "-")'), 'New york-City');
      assert.equal(evaluate('PCase("a,b c", ",")'), 'A,B c');
      assert.equal(evaluate('PCase("1st place", " ")'), '1st Place');
    });
    it('handles empty and null', () => {
      assert.equal(evaluate('PCase("")'), '');
      assert.equal(evaluate('PCase([missing])'), null);
      assert.equal(evaluate('PCase("ab cd", "")'), 'Ab Cd');
    });
  });
});
