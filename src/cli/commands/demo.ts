import type { Command } from 'commander';
import {
  ExpressionEvaluationError,
  evaluateExpression,
  parseExpression,
  type ExpressionNode,
  type SourceObject,
} from '../../core/expressions';
import { evaluateScope, scopeVerdict, type ScopingFilter } from '../../core/scoping';
import { printLines } from '../io';

/**
 * `entra-zendesk demo` — PROVISIONAL main job until the sync engine exists (the engine issue replaces it with a run
 * against the sandbox tenant). It previews what the provisioning service would compute for three example users: the
 * scoping verdict, then every default Zendesk user mapping (reference §4.3) with its value, default or error.
 */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Preview the default Zendesk user mappings and a scoping filter on three example users.')
    .action(() => printLines(renderDemo()));
}

interface DemoMapping {
  readonly target: string;
  readonly expression: string;
  /** "Default value if null" (create only, reference §1.10); the demo shows a first provisioning, so it applies. */
  readonly defaultValue?: string;
}

/** The project's default Zendesk user mappings (reference §4.3; the gallery publishes them only as screenshots). */
const DEFAULT_USER_MAPPINGS: ReadonlyArray<DemoMapping> = [
  { target: 'email', expression: '[userPrincipalName]' },
  { target: 'external_id', expression: '[objectId]' },
  { target: 'name', expression: '[displayName]' },
  { target: 'suspended', expression: '[IsSoftDeleted]', defaultValue: 'False' },
  { target: 'role', expression: 'SingleAppRoleAssignment([appRoleAssignments])', defaultValue: 'end-user' },
  { target: 'phone', expression: '[telephoneNumber]' },
  { target: 'locale', expression: '[preferredLanguage]' },
];

const SALES_ONLY: ScopingFilter = {
  groups: [
    {
      name: 'Sales only',
      clauses: [
        { operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } },
        { operatorName: 'IS NOT NULL', sourceOperandName: 'jobTitle', targetOperand: { values: [] } },
      ],
    },
  ],
};

/** Three users chosen to show the usual outcomes: clean, an escrow (two roles), out of scope (case-sensitive filter). */
const EXAMPLE_USERS: ReadonlyArray<SourceObject> = [
  {
    objectId: '0b7d3c1e-5f4a-4e2b-9a61-3c8f2d1e4a10',
    userPrincipalName: 'jane.doe@contoso.com',
    displayName: 'Jane Doe',
    department: 'Sales',
    jobTitle: 'Account Executive',
    telephoneNumber: '+1 425 555 0101',
    preferredLanguage: 'en-US',
    IsSoftDeleted: false,
    appRoleAssignments: ['Agent'],
  },
  {
    objectId: '6c2e9a4b-1d3f-4b8e-8f20-7a5b9c0d1e22',
    userPrincipalName: 'bob.smith@contoso.com',
    displayName: 'Bob Smith',
    department: 'Sales',
    jobTitle: 'Sales Manager',
    telephoneNumber: null,
    preferredLanguage: 'de-DE',
    IsSoftDeleted: false,
    appRoleAssignments: ['Agent', 'Administrator'],
  },
  {
    objectId: '9f1a2b3c-4d5e-4f60-8a7b-1c2d3e4f5a66',
    userPrincipalName: 'zoe.muller@contoso.com',
    displayName: 'Zoë Müller',
    department: 'sales',
    jobTitle: 'Sales Engineer',
    preferredLanguage: 'fr-FR',
    IsSoftDeleted: false,
    appRoleAssignments: [],
  },
];

export function renderDemo(): string[] {
  const mappings = DEFAULT_USER_MAPPINGS.map((mapping) => ({ ...mapping, node: parseExpression(mapping.expression) }));
  const targetWidth = Math.max(...mappings.map((m) => m.target.length));
  const lines = [
    'Entra → Zendesk provisioning preview (provisional demo: the sync engine will run this against the sandbox tenant)',
    `Default Zendesk user mappings (${mappings.length}) and the scoping filter "Sales only" on ${EXAMPLE_USERS.length} example users.`,
  ];
  for (const user of EXAMPLE_USERS) {
    const scope = evaluateScope(SALES_ONLY, user);
    lines.push('', `${String(user.userPrincipalName)} — ${scope.inScope ? 'IN SCOPE' : 'OUT OF SCOPE'}: ${scopeVerdict(scope)}`);
    for (const clause of scope.groups.flatMap((group) => group.clauses)) {
      lines.push(`    ${clause.passed ? '✓' : '✗'} ${clause.explanation}`);
    }
    if (!scope.inScope) {
      lines.push('    → skipped: not created in Zendesk (an existing Zendesk user would be suspended)');
      continue;
    }
    const rows = mappings.map((mapping) => `    ${mapping.target.padEnd(targetWidth)}  ${describeMapping(mapping.node, mapping.defaultValue, user)}`);
    lines.push(...rows);
  }
  return lines;
}

function describeMapping(node: ExpressionNode, defaultValue: string | undefined, source: SourceObject): string {
  try {
    const result = evaluateExpression(node, { source });
    if (result.flow) return JSON.stringify(result.value);
    if (result.reason === 'null' && defaultValue !== undefined) return `${JSON.stringify(defaultValue)}  (default value: the source is null)`;
    return `— not sent (${result.reason === 'null' ? 'the source is null' : result.reason})`;
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) return `✗ ${error.message} → the user is escrowed and retried`;
    throw error;
  }
}
