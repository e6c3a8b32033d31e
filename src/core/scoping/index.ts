/** Public surface of scoping filters. Import from here, not from the implementation files. */
export * from './types';
export { SCOPING_OPERATORS, scopingOperator, parseScopingInteger } from './operators';
export type { ScopingOperatorInfo, ScopingOperatorName } from './operators';
export { validateScopingFilter, hasScopingErrors } from './validate';
export { evaluateScope, evaluateClause, scopeVerdict } from './evaluate';
