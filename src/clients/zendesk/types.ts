/**
 * The Support API's objects as the client sees them (reference §4–§9). Pure types: they will move to core with the
 * port. Ids are `number` (14 digits fit a JS number) but opaque: never used in arithmetic. Job ids are strings.
 */

export type ZendeskUserRole = 'end-user' | 'agent' | 'admin';

export interface ZendeskUser {
  id: number;
  url: string;
  name: string;
  email: string | null;
  created_at: string;
  updated_at: string;
  time_zone: string;
  iana_time_zone?: string;
  phone: string | null;
  locale: string;
  locale_id: number;
  organization_id: number | null;
  role: ZendeskUserRole;
  role_type: number | null;
  custom_role_id: number | null;
  verified: boolean;
  external_id: string | null;
  tags: string[];
  alias: string | null;
  active: boolean;
  suspended: boolean;
  restricted_agent: boolean;
  moderator: boolean;
  ticket_restriction: string | null;
  default_group_id: number | null;
  details: string | null;
  notes: string | null;
  signature: string | null;
  user_fields: Record<string, unknown>;
  [other: string]: unknown;
}

/** `GET /users/me`: the user plus `authenticity_token`; `id` null for the anonymous user. */
export interface ZendeskMe extends Omit<ZendeskUser, 'id'> {
  id: number | null;
  authenticity_token?: string;
}

/** Writable user attributes (create / update / create_or_update). */
export interface ZendeskUserInput {
  name?: string;
  email?: string;
  role?: ZendeskUserRole;
  custom_role_id?: number | null;
  external_id?: string | null;
  verified?: boolean;
  skip_verify_email?: boolean;
  suspended?: boolean;
  time_zone?: string;
  locale?: string;
  phone?: string | null;
  alias?: string | null;
  details?: string | null;
  notes?: string | null;
  signature?: string | null;
  tags?: string[];
  organization_id?: number | null;
  default_group_id?: number | null;
  ticket_restriction?: string | null;
  moderator?: boolean;
  only_private_comments?: boolean;
  user_fields?: Record<string, unknown>;
  identities?: Array<{ type: string; value: string }>;
  [other: string]: unknown;
}

/** One entry of `update_many` with per-user changes: identified by `id` or `external_id`. */
export type ZendeskUserUpdate = ZendeskUserInput & ({ id: number } | { external_id: string });

export interface ZendeskDeletedUser {
  id: number;
  url: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: ZendeskUserRole;
  active: boolean;
  created_at: string;
  updated_at: string;
  [other: string]: unknown;
}

export interface ZendeskIdentity {
  id: number;
  url: string;
  user_id: number;
  type: string;
  value: string;
  verified: boolean;
  primary: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZendeskGroup {
  id: number;
  url: string;
  name: string;
  description: string;
  is_public: boolean;
  default: boolean;
  deleted: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZendeskGroupInput {
  name?: string;
  description?: string;
  is_public?: boolean;
}

export interface ZendeskGroupMembership {
  id: number;
  url: string;
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
  team_member_count: number;
  configuration: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ZendeskUserField {
  id: number;
  url: string;
  key: string;
  type: string;
  title: string;
  description: string;
  active: boolean;
  position: number;
  [other: string]: unknown;
}

export type ZendeskJobState = 'queued' | 'working' | 'completed' | 'failed' | 'killed';

export interface ZendeskJobResult {
  id?: number;
  index?: number;
  status?: string;
  action?: string;
  success?: boolean;
  error?: string;
  details?: string;
  external_id?: string;
  [other: string]: unknown;
}

export interface ZendeskJobStatus {
  id: string;
  url: string;
  job_type?: string;
  total: number | null;
  progress: number | null;
  status: ZendeskJobState;
  message: string | null;
  results: ZendeskJobResult[] | null;
}

export interface ZendeskAccountSettings {
  [section: string]: unknown;
}

/** Plan as far as it can be known: from `/account/subscription` or, failing that, the `x-rate-limit` preset. */
export interface ZendeskPlanInfo {
  /** `professional`, `enterprise`, … or null when unknown. */
  readonly planName: string | null;
  /** Requests per minute (`x-rate-limit`). */
  readonly rateLimitPerMinute: number | null;
  readonly source: 'subscription' | 'rate-limit-header';
}

/** Per-item outcome of a bulk helper; `index` is the position in the caller's whole input array. */
export interface ZendeskBulkItemResult<TInput> {
  readonly index: number;
  readonly input: TInput;
  readonly ok: boolean;
  readonly id?: number;
  /** `Created`, `Updated`, `Deleted` … */
  readonly status?: string;
  readonly action?: string;
  /** Zendesk's error code for a failed item (`DuplicateValue`, `RecordNotFound`, …). */
  readonly error?: string;
  /** `"Email: x is already being used by another user"` */
  readonly details?: string;
  readonly jobId?: string;
}

/** One page of the incremental user export. */
export interface ZendeskIncrementalUsersPage {
  readonly users: Array<ZendeskUser & { permanently_deleted?: boolean }>;
  /** Keep it to resume next run. */
  readonly afterCursor: string | null;
  readonly endOfStream: boolean;
}

/** Every client call takes an optional AbortSignal. */
export interface Cancellable {
  readonly signal?: AbortSignal;
}

/** What `verifyCredentials` found. */
export interface CredentialCheck {
  /** `users/me` returned a real user (id != null). Anonymous or 401 ⇒ false. */
  readonly valid: boolean;
  readonly isAdmin: boolean;
  readonly user: ZendeskMe | null;
  /** Why not valid, in words an admin can act on. */
  readonly problem?: string;
}
