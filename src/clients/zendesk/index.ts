/** The Zendesk Support API client. */
export { ZendeskClient } from './client';
export type { ZendeskClientOptions } from './client';
export { ZendeskApiError, toZendeskApiError } from './errors';
export type { ZendeskFieldErrors } from './errors';
export { API_TOKEN_RETIREMENT_WARNING, ZendeskAuth } from './auth';
export type { ZendeskCredentials } from './auth';
export { BULK_CHUNK_SIZE, DEFAULT_JOB_POLLING, MAX_JOBS_IN_FLIGHT } from './bulk';
export type { BulkRunOptions, JobPollingOptions } from './bulk';
export type * from './types';
