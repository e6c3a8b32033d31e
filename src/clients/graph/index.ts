/** Microsoft Graph client: directory reads for provisioning, delta rounds, $batch; typed GraphApiError. */
export { GraphClient, GRAPH_BASE_URL, MAX_BATCH_REQUESTS, MAX_PAGE_SIZE, odataString } from './graph-client';
export type { BatchRequest, BatchResponse, CallOptions, DeltaOptions, GraphClientOptions, ListUsersOptions } from './graph-client';
export { MemoryDeltaLinkStore, memberChanges } from './delta';
export type { DeltaLinkStore, DeltaPage, MemberChange, RemovedObject } from './delta';
export { GraphApiError, isResyncRequired, toGraphApiError } from './errors';
export { credentialAuthHook } from './auth-hook';
export { DEFAULT_ACCESS_APP_ROLE_ID, USER_DEFAULT_PROPERTIES } from './types';
export type { AppRole, AppRoleAssignment, CollectionPage, DirectoryObject, GraphGroup, GraphUser, ServicePrincipal } from './types';
export * from './synchronization-client';
export * from './entra-job';
