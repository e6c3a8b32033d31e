/** Every function's implementation, by canonical name (reference §3.5 plus the legacy names). */
import { DATE_FUNCTIONS } from './dates';
import { DIACRITICS_FUNCTIONS } from './diacritics';
import { LOGIC_FUNCTIONS } from './logic';
import { MULTI_VALUED_FUNCTIONS } from './multi-valued';
import { PCASE_FUNCTIONS } from './pcase';
import { RANDOM_FUNCTIONS } from './random';
import { REPLACE_FUNCTIONS } from './replace';
import { ROLE_FUNCTIONS } from './roles';
import { type FunctionImplementation, fail } from './runtime';
import { STRING_FUNCTIONS } from './strings';

/** Legacy names from the beta catalogue that the service no longer evaluates (reference §3.5). */
const UNSUPPORTED: Readonly<Record<string, FunctionImplementation>> = {
  DefaultDomain: (call) =>
    fail(call, 'this legacy function is unsupported: the provisioning service does not evaluate it; write the domain as a constant instead'),
  AppRoleAssignments: (call) =>
    fail(call, 'this legacy function is unsupported: use SingleAppRoleAssignment, AppRoleAssignmentsComplex or AssertiveAppRoleAssignmentsComplex'),
};

/** Implementations by canonical name (the catalogue's spelling). */
export const FUNCTION_IMPLEMENTATIONS: ReadonlyMap<string, FunctionImplementation> = new Map(
  Object.entries({
    ...STRING_FUNCTIONS,
    ...REPLACE_FUNCTIONS,
    ...DATE_FUNCTIONS,
    ...LOGIC_FUNCTIONS,
    ...MULTI_VALUED_FUNCTIONS,
    ...ROLE_FUNCTIONS,
    ...RANDOM_FUNCTIONS,
    ...DIACRITICS_FUNCTIONS,
    ...PCASE_FUNCTIONS,
    ...UNSUPPORTED,
  }),
);
