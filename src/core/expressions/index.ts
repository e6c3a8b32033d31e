/** Public surface of the expression language. Import from here, not from the implementation files. */
export * from './ast';
export * from './values';
export * from './errors';
export * from './evaluation';
export { evaluateExpression, evaluateValue, lookupSourceAttribute, sourceValue } from './evaluator';
export * from './catalogue';
export * from './parser';
export * from './printer';
export * from './attribute-mapping-source';
