/** Graph shapes the client returns (graph-api.md §1–§6). Users and groups are open types: extra keys are kept. */

export interface AppRole {
  readonly id: string;
  readonly displayName: string;
  readonly value: string | null;
  readonly description?: string | null;
  readonly allowedMemberTypes: readonly string[];
  readonly isEnabled: boolean;
  readonly origin?: string;
}

export interface ServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly appRoles?: readonly AppRole[];
  readonly appRoleAssignmentRequired?: boolean;
  readonly applicationTemplateId?: string | null;
  readonly tags?: readonly string[];
  readonly [property: string]: unknown;
}

export interface AppRoleAssignment {
  /** Opaque string, not a GUID. */
  readonly id: string;
  /** `00000000-0000-0000-0000-000000000000` = Default Access. */
  readonly appRoleId: string;
  readonly principalId: string;
  readonly principalType: 'User' | 'Group' | 'ServicePrincipal';
  readonly principalDisplayName: string | null;
  readonly resourceId: string;
  readonly resourceDisplayName: string | null;
  readonly createdDateTime: string | null;
  readonly deletedDateTime?: string | null;
}

export interface GraphUser {
  readonly id: string;
  readonly [property: string]: unknown;
}

export interface GraphGroup {
  readonly id: string;
  readonly displayName?: string;
  readonly [property: string]: unknown;
}

/** An item of a polymorphic directoryObject collection (`members`, `transitiveMembers`). */
export interface DirectoryObject {
  readonly '@odata.type': string;
  readonly id: string;
  readonly [property: string]: unknown;
}

export interface CollectionPage<T> {
  readonly '@odata.context'?: string;
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
  readonly '@odata.count'?: number;
  readonly value: T[];
}

export const DEFAULT_ACCESS_APP_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** The 11 properties `/users` returns without `$select`. */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
] as const;
