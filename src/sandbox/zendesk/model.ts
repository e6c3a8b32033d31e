/**
 * The emulator's records, kept in the Support API's own JSON shapes (reference §4.1, §6, §7, §8) so a dump of the
 * state is a valid seed and a response is a copy of a record plus its absolute `url`.
 */

export type UserRole = 'end-user' | 'agent' | 'admin';
export const USER_ROLES: readonly UserRole[] = ['end-user', 'agent', 'admin'];

/** The 37 keys of an observed user object, in the observed order (reference §4.1). */
export interface ZendeskUser {
  id: number;
  url?: string;
  name: string;
  email: string | null;
  created_at: string;
  updated_at: string;
  time_zone: string;
  iana_time_zone: string;
  phone: string | null;
  shared_phone_number: boolean | null;
  photo: unknown;
  locale_id: number;
  locale: string;
  organization_id: number | null;
  role: UserRole;
  verified: boolean;
  external_id: string | null;
  tags: string[];
  alias: string | null;
  active: boolean;
  shared: boolean;
  shared_agent: boolean;
  last_login_at: string | null;
  two_factor_auth_enabled: boolean;
  signature: string | null;
  details: string | null;
  notes: string | null;
  role_type: number | null;
  custom_role_id: number | null;
  moderator: boolean;
  ticket_restriction: string | null;
  only_private_comments: boolean;
  restricted_agent: boolean;
  suspended: boolean;
  default_group_id: number | null;
  report_csv: boolean;
  user_fields: Record<string, unknown>;
}

export const USER_KEY_ORDER: ReadonlyArray<keyof ZendeskUser> = [
  'id', 'url', 'name', 'email', 'created_at', 'updated_at', 'time_zone', 'iana_time_zone', 'phone', 'shared_phone_number',
  'photo', 'locale_id', 'locale', 'organization_id', 'role', 'verified', 'external_id', 'tags', 'alias', 'active', 'shared',
  'shared_agent', 'last_login_at', 'two_factor_auth_enabled', 'signature', 'details', 'notes', 'role_type', 'custom_role_id',
  'moderator', 'ticket_restriction', 'only_private_comments', 'restricted_agent', 'suspended', 'default_group_id',
  'report_csv', 'user_fields',
];

export interface ZendeskIdentity {
  id: number;
  user_id: number;
  type: string;
  value: string;
  verified: boolean;
  primary: boolean;
  deliverable_state: string;
  undeliverable_count: number;
  created_at: string;
  updated_at: string;
}

export interface ZendeskGroup {
  id: number;
  is_public: boolean;
  name: string;
  description: string;
  default: boolean;
  deleted: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZendeskGroupMembership {
  id: number;
  user_id: number;
  group_id: number;
  default: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZendeskCustomRole {
  id: number;
  name: string;
  description: string;
  role_type: number;
  team_member_count?: number;
  configuration: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ZendeskUserField {
  id: number;
  key: string;
  type: string;
  title: string;
  description: string;
  active: boolean;
  position: number;
  created_at: string;
  updated_at: string;
  [extra: string]: unknown;
}

export type ZendeskPlan = 'essential' | 'team' | 'growth' | 'professional' | 'enterprise' | 'enterprise_plus';

/** Requests per minute per plan (reference §10). */
export const PLAN_RATE_LIMITS: Readonly<Record<ZendeskPlan, number>> = {
  essential: 10,
  team: 200,
  growth: 400,
  professional: 400,
  enterprise: 700,
  enterprise_plus: 2500,
};

/** Account settings and scenario switches (the sandbox-only ones are documented on each field). */
export interface ZendeskAccount {
  subdomain: string;
  plan: ZendeskPlan;
  /** High Volume add-on: 2,500 req/min and 30 incremental exports/min. */
  high_volume: boolean;
  /** "Allow API token access" (Admin Center). Off ⇒ token requests are anonymous (reference §2.3). */
  api_token_access: boolean;
  /** Bulk user imports enabled by Zendesk; off ⇒ 403 on create_many / create_or_update_many. */
  bulk_import_enabled: boolean;
  /** Trial account: create_or_update_many answers 403 (reference §4.2). */
  trial: boolean;
  /** Agent seats; null = unlimited. Agents and admins consume seats (light agents and contributors don't). */
  agent_seats: number | null;
  time_zone: string;
  /** Scenario: after 2027-04-30 every API token stops working (token auth → 401). */
  tokens_retired: boolean;
  /** Scenario: a wrong API token on `users/me` answers 200 anonymous as in 2023 (default 401, reference §14). */
  legacy_anonymous_on_bad_token: boolean;
  /** Scenario: a soft-deleted user's e-mail stays taken until permanent deletion (reference §14). */
  reserve_deleted_emails: boolean;
}

export interface ZendeskApiToken {
  token: string;
  active: boolean;
  description?: string;
}

export interface ZendeskOAuthClient {
  identifier: string;
  secret: string;
  /** The user whose permissions the client's tokens carry (default: the first active admin). */
  user_id?: number;
  name?: string;
}

/** A seed: the API's own shapes, plus the sandbox's credentials (`api_tokens`, `oauth_clients`). Every key optional. */
export interface ZendeskSeed {
  account?: Partial<ZendeskAccount>;
  users?: Array<Partial<ZendeskUser> & { deleted?: boolean; permanently_deleted?: boolean; identities?: Array<Partial<ZendeskIdentity>> }>;
  groups?: Array<Partial<ZendeskGroup>>;
  group_memberships?: Array<Partial<ZendeskGroupMembership>>;
  custom_roles?: Array<Partial<ZendeskCustomRole>>;
  user_fields?: Array<Partial<ZendeskUserField>>;
  api_tokens?: ZendeskApiToken[];
  oauth_clients?: ZendeskOAuthClient[];
}
