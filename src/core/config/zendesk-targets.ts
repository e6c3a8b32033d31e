/**
 * The Zendesk attributes a mapping may target (reference §4.3 and zendesk-api.md §4.1, §6: the writable fields).
 * Custom user fields are targeted as `user_fields.<key>`. `members` is the group-membership pseudo-attribute.
 */
export const ZENDESK_USER_TARGETS: ReadonlyArray<string> = [
  'name', 'email', 'external_id', 'alias', 'details', 'notes', 'locale', 'locale_id', 'time_zone', 'phone',
  'shared_phone_number', 'role', 'custom_role_id', 'suspended', 'verified', 'moderator', 'only_private_comments',
  'restricted_agent', 'ticket_restriction', 'organization_id', 'default_group_id', 'signature', 'tags', 'remote_photo_url',
];

export const ZENDESK_GROUP_TARGETS: ReadonlyArray<string> = ['name', 'description', 'is_public', 'members'];

/** Prefix for custom user fields, e.g. `user_fields.employee_number`. */
export const USER_FIELDS_PREFIX = 'user_fields.';

/** Whether a mapping of `kind` may target `target`: a listed attribute, or (users only) `user_fields.<key>`. */
export function isZendeskTarget(kind: 'userMapping' | 'groupMapping', target: string): boolean {
  if (kind === 'groupMapping') return ZENDESK_GROUP_TARGETS.includes(target);
  return ZENDESK_USER_TARGETS.includes(target) || (target.startsWith(USER_FIELDS_PREFIX) && target.length > USER_FIELDS_PREFIX.length);
}

/** Zendesk requires these on create (zendesk-api.md §4.1 `name` mandatory; the connector always sends `email`). */
export const REQUIRED_USER_TARGETS: ReadonlyArray<string> = ['name', 'email'];
export const REQUIRED_GROUP_TARGETS: ReadonlyArray<string> = ['name'];
