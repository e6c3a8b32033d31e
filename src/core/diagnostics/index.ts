/** Public surface of the connector-limitation lint. Import from here, not from the implementation files. */
export * from './types';
export { diagnose, collidesWithBuiltIn, ZENDESK_API_TOKEN_CREATION_END, ZENDESK_API_TOKEN_RETIREMENT } from './diagnose';
