/** Public surface of the expression language. Import from here, not from the implementation files. */
export * from './ast';
export * from './values';
export * from './errors';
export * from './evaluation';
