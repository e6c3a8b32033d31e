/** Response shapes: records plus absolute `url`s built from the request base, ending in `.json` (reference §1, §12). */
import { USER_KEY_ORDER, type ZendeskCustomRole, type ZendeskGroup, type ZendeskGroupMembership, type ZendeskIdentity, type ZendeskUser, type ZendeskUserField } from './model';
import type { StoredUser } from './state';

export function renderUser(user: ZendeskUser, base: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of USER_KEY_ORDER) out[key] = key === 'url' ? `${base}/users/${user.id}.json` : structuredClone(user[key]);
  return out;
}

/** The deleted-user shape of reference §4.5 (with `url` under `/deleted_users`). */
export function renderDeletedUser(stored: StoredUser, base: string): Record<string, unknown> {
  const user = stored.user;
  return {
    active: false, created_at: user.created_at, email: user.email, id: user.id, locale: user.locale, locale_id: user.locale_id,
    name: user.name, organization_id: user.organization_id, phone: user.phone, photo: user.photo, role: user.role,
    shared_phone_number: user.shared_phone_number, time_zone: user.time_zone, updated_at: user.updated_at,
    url: `${base}/deleted_users/${user.id}.json`,
  };
}

export function renderGroup(group: ZendeskGroup, base: string): Record<string, unknown> {
  return {
    url: `${base}/groups/${group.id}.json`, id: group.id, is_public: group.is_public, name: group.name, description: group.description,
    default: group.default, deleted: group.deleted, created_at: group.created_at, updated_at: group.updated_at,
  };
}

export function renderMembership(membership: ZendeskGroupMembership, base: string): Record<string, unknown> {
  return {
    url: `${base}/group_memberships/${membership.id}.json`, id: membership.id, user_id: membership.user_id, group_id: membership.group_id,
    default: membership.default, created_at: membership.created_at, updated_at: membership.updated_at,
  };
}

export function renderIdentity(identity: ZendeskIdentity, base: string): Record<string, unknown> {
  return { url: `${base}/users/${identity.user_id}/identities/${identity.id}.json`, ...identity };
}

export function renderCustomRole(role: ZendeskCustomRole, teamMemberCount: number): Record<string, unknown> {
  return {
    id: role.id, name: role.name, description: role.description, role_type: role.role_type, team_member_count: teamMemberCount,
    configuration: structuredClone(role.configuration), created_at: role.created_at, updated_at: role.updated_at,
  };
}

export function renderUserField(field: ZendeskUserField, base: string): Record<string, unknown> {
  return { url: `${base}/user_fields/${field.id}.json`, ...structuredClone(field) };
}

/** Reference §2.4 choice: the anonymous user of `GET /users/me`. */
export function anonymousUser(authenticityToken: string): Record<string, unknown> {
  return {
    id: null, url: null, name: 'Anonymous user', email: null, role: 'end-user', role_type: null, custom_role_id: null, active: true,
    verified: false, locale: 'en-US', locale_id: 1, time_zone: 'America/New_York', authenticity_token: authenticityToken,
  };
}
