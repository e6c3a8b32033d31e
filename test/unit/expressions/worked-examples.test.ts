/** Reference §3.7: every worked example as a conformance row, named by its id. */
import assert from 'node:assert/strict';
import type { SourceObject } from '../../../src/core/expressions';
import { evaluate } from './functions/evaluate-helper';


interface Row {
  readonly id: string;
  readonly expression: string;
  readonly cases: ReadonlyArray<readonly [SourceObject, string]>;
}

const ROWS: ReadonlyArray<Row> = [
  { id: 'E01', expression: String.raw`Append([userPrincipalName], ".test")`, cases: [[{ userPrincipalName: 'John.Doe@contoso.com' }, 'John.Doe@contoso.com.test']] },
  { id: 'E04', expression: String.raw`CDate([StatusHireDate])`, cases: [[{ StatusHireDate: '2020-03-16-07:00' }, '3/16/2020 7:00:00 AM']] },
  { id: 'E07', expression: String.raw`Coalesce([mail],[userPrincipalName])`, cases: [[{ mail: null, userPrincipalName: 'John.Doe@contoso.com' }, 'John.Doe@contoso.com']] },
  { id: 'E08', expression: String.raw`ConvertToBase64("Hello world!")`, cases: [[{}, 'SABlAGwAbABvACAAdwBvAHIAbABkACEA']] },
  { id: 'E11', expression: String.raw`DateAdd("d", 7, CDate([StatusHireDate]))`, cases: [[{ StatusHireDate: '2012-03-16-07:00' }, '3/23/2012 7:00:00 AM']] },
  { id: 'E16', expression: String.raw`DateDiff("d", CDate("2021-08-18+08:00"), CDate("2021-08-31+08:00"))`, cases: [[{}, '13']] },
  { id: 'E22', expression: String.raw`DateDiff("h", CDate("2021-08-24"), CDate("2021-08-25"))`, cases: [[{}, '24']] },
  {
    id: 'E27',
    expression: String.raw`FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")`,
    cases: [[{ extensionAttribute1: '20150123105347.1Z' }, '2015-01-23']],
  },
  {
    id: 'E31',
    expression: String.raw`IIF([country]="USA",[country],[department])`,
    cases: [
      [{ country: 'USA', department: 'Sales' }, 'USA'],
      [{ country: 'UK', department: 'Sales' }, 'Sales'],
    ],
  },
  {
    id: 'E32',
    expression: String.raw`IIF([country]="USA",IIF([state]="CA","True","False"),"False")`,
    cases: [
      [{ country: 'USA', state: 'CA' }, 'True'],
      [{ country: 'USA', state: 'WA' }, 'False'],
      [{ country: 'UK', state: 'CA' }, 'False'],
    ],
  },
  { id: 'E35', expression: String.raw`InStr("The quick brown fox","quick")`, cases: [[{}, '5']] },
  { id: 'E41', expression: String.raw`Left("John Doe", 3)`, cases: [[{}, 'Joh']] },
  { id: 'E46', expression: String.raw`PCase([firstName])`, cases: [[{ firstName: 'PABLO GONSALVES (SECOND)' }, 'Pablo Gonsalves (Second)']] },
  {
    id: 'E55',
    expression: String.raw`Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )`,
    cases: [[{ BusinessTitle: 'Product Developer' }, 'Software Engineer']],
  },
  { id: 'E56', expression: String.raw`Replace([UserID],"<username>", , , , , "<username>@contoso.com")`, cases: [[{ UserID: 'jsmith' }, 'jsmith@contoso.com']] },
  {
    id: 'E57',
    expression: String.raw`Replace([telephoneNumber], , "\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})", , "$` + '{phoneNumber}", , )',
    cases: [[{ telephoneNumber: '+91 9998887777' }, '9998887777']],
  },
  { id: 'E60', expression: String.raw`Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )`, cases: [[{ userPrincipalName: 'jsmith@contoso.com' }, 'jsmith']] },
  {
    id: 'E67',
    expression: String.raw`Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")`,
    cases: [
      [{ statusFlag: 'True' }, '1'],
      [{ statusFlag: 'true' }, '1'],
      [{ statusFlag: 'TRUE' }, '1'],
    ],
  },
  {
    id: 'E68',
    expression: String.raw`Switch([statusFlag], "Default Value", "true", "1", "", "0")`,
    cases: [
      [{ statusFlag: '' }, '0'],
      [{}, '0'],
      [{ statusFlag: 'maybe' }, 'Default Value'],
    ],
  },
  { id: 'E72', expression: String.raw`Word("The quick brown fox",3," ")`, cases: [[{}, 'brown']] },
  { id: 'E74', expression: String.raw`Replace([mail], "@contoso.com", , ,"", ,)`, cases: [[{ mail: 'john.doe@contoso.com' }, 'john.doe']] },
  { id: 'E76', expression: String.raw`Join(", ", "", [surname], [givenName])`, cases: [[{ givenName: 'John', surname: 'Doe' }, 'Doe, John']] },
  {
    id: 'E81',
    expression: String.raw`Not([IsSoftDeleted])`,
    cases: [
      [{ IsSoftDeleted: 'False' }, 'True'],
      [{ IsSoftDeleted: 'True' }, 'False'],
      [{ IsSoftDeleted: false }, 'True'],
      [{ IsSoftDeleted: true }, 'False'],
    ],
  },
  { id: 'E83', expression: String.raw`"Company name: \"Contoso\""`, cases: [[{}, 'Company name: "Contoso"']] },
];

describe('expressions: worked examples (reference §3.7)', () => {
  it('E16 with Now(): the clock pinned to 2021-08-18+08:00', () => {
    const now = (): Date => new Date('2021-08-18T00:00:00+08:00');
    assert.equal(evaluate('DateDiff("d", Now(), CDate([StatusHireDate]))', { StatusHireDate: '2021-08-31+08:00' }, { now }), '13');
  });
  for (const row of ROWS) {
    it(`${row.id}: ${row.expression}`, () => {
      for (const [source, expected] of row.cases) {
        assert.equal(evaluate(row.expression, source), expected, `${row.id} with ${JSON.stringify(source)}`);
      }
    });
  }
});
