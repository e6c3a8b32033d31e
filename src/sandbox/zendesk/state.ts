/**
 * The emulator's in-memory account: records in API shapes, indexes for the uniqueness rules, and the validation rules of
 * reference §4.3 / §7 / §14 shared by single and bulk endpoints. No HTTP here: handlers call these methods and render.
 */
import { randomBytes } from 'node:crypto';
import { isoSeconds } from '../shared/http-helpers';
import { seededRandom } from '../shared/seeded-random';
import { ApiError, forbidden, notFound, recordInvalid, type FieldError } from './errors';
import {
  USER_KEY_ORDER,
  USER_ROLES,
  type ZendeskAccount,
  type ZendeskApiToken,
  type ZendeskCustomRole,
  type ZendeskGroup,
  type ZendeskGroupMembership,
  type ZendeskIdentity,
  type ZendeskOAuthClient,
  type ZendeskPlan,
  type ZendeskSeed,
  type ZendeskUser,
  type ZendeskUserField,
  type UserRole,
  PLAN_RATE_LIMITS,
} from './model';

export interface StoredUser {
  user: ZendeskUser;
  /** Epoch ms of the soft delete. */
  deletedAt?: number;
  permanentlyDeleted?: boolean;
}

export interface OAuthToken {
  userId: number;
  scopes: string[];
  expiresAt: number;
}

/** The sandbox's own credentials, added to a seed that lacks them (so the printed credentials always work). */
export const SANDBOX_ADMIN_EMAIL = 'admin@sandbox.example';
export const SANDBOX_API_TOKEN = 'sandbox-api-token-0123456789abcdefABCDEF';
export const SANDBOX_OAUTH_CLIENT_ID = 'entra_zendesk_sandbox';
export const SANDBOX_OAUTH_CLIENT_SECRET = 'sandbox-oauth-secret-0123456789abcdef';

export const DEFAULT_ACCOUNT: ZendeskAccount = {
  subdomain: 'sandbox',
  // Choice: a seed that does not name a plan gets Professional (the default).
  plan: 'professional',
  high_volume: false,
  // Choice: the sandbox enables token access (Zendesk's own default is off) so the printed token works out of the box.
  api_token_access: true,
  bulk_import_enabled: true,
  trial: false,
  agent_seats: null,
  time_zone: 'America/New_York',
  tokens_retired: false,
  legacy_anonymous_on_bad_token: false,
  reserve_deleted_emails: false,
};

const PLANS = Object.keys(PLAN_RATE_LIMITS) as ZendeskPlan[];
const WRITABLE_USER_KEYS = [
  'name', 'email', 'time_zone', 'phone', 'shared_phone_number', 'photo', 'locale_id', 'locale', 'organization_id', 'role',
  'verified', 'external_id', 'tags', 'alias', 'signature', 'details', 'notes', 'custom_role_id', 'moderator',
  'ticket_restriction', 'only_private_comments', 'suspended', 'default_group_id', 'user_fields',
] as const;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class ZendeskState {
  account: ZendeskAccount = { ...DEFAULT_ACCOUNT };
  readonly users = new Map<number, StoredUser>();
  readonly identities = new Map<number, ZendeskIdentity>();
  private readonly identityIdsByUser = new Map<number, Set<number>>();
  readonly groups = new Map<number, ZendeskGroup>();
  readonly memberships = new Map<number, ZendeskGroupMembership>();
  readonly customRoles = new Map<number, ZendeskCustomRole>();
  userFields: ZendeskUserField[] = [];
  apiTokens: ZendeskApiToken[] = [];
  oauthClients: ZendeskOAuthClient[] = [];
  readonly oauthTokens = new Map<string, OAuthToken>();
  /** The account owner (cannot be deleted) and the user behind the sandbox credentials. */
  ownerId = 0;
  adminEmail = SANDBOX_ADMIN_EMAIL;

  private readonly emailOwner = new Map<string, number>();
  private readonly externalIdOwner = new Map<string, number>();
  private idCounter = 10_000_000_000_000;
  private random: () => number;

  constructor(
    readonly now: () => number = Date.now,
    private readonly seed = 1,
  ) {
    this.random = seededRandom(seed);
  }

  /** A fresh 14-digit id, increasing (so id order is creation order) and deterministic for a seed. */
  nextId(): number {
    this.idCounter += 1 + Math.floor(this.random() * 997);
    return this.idCounter;
  }

  timestamp(): string {
    return isoSeconds(this.now());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Seeds

  /** Replaces the whole state with a seed, then adds the sandbox's admin, API token and OAuth client where missing. */
  loadSeed(seed: ZendeskSeed): void {
    validateSeedShape(seed);
    this.users.clear();
    this.identities.clear();
    this.identityIdsByUser.clear();
    this.groups.clear();
    this.memberships.clear();
    this.customRoles.clear();
    this.oauthTokens.clear();
    this.emailOwner.clear();
    this.externalIdOwner.clear();
    this.random = seededRandom(this.seed);
    this.idCounter = 10_000_000_000_000;
    const account = { ...DEFAULT_ACCOUNT, ...seed.account };
    if (!PLANS.includes(account.plan)) {
      throw new Error(`seed account.plan must be one of ${PLANS.join(', ')}; got ${JSON.stringify(account.plan)}`);
    }
    this.account = account;
    const allIds = [
      ...(seed.users ?? []), ...(seed.groups ?? []), ...(seed.group_memberships ?? []), ...(seed.custom_roles ?? []), ...(seed.user_fields ?? []),
    ].map((record) => record.id).filter((id): id is number => typeof id === 'number');
    this.idCounter = Math.max(this.idCounter, ...allIds);
    const now = this.timestamp();

    for (const [index, role] of (seed.custom_roles ?? []).entries()) {
      if (!role.name) throw new Error(`seed custom_roles[${index}] needs a name`);
      const id = role.id ?? this.nextId();
      this.customRoles.set(id, {
        id, name: role.name, description: role.description ?? '', role_type: role.role_type ?? 0,
        configuration: role.configuration ?? {}, created_at: role.created_at ?? now, updated_at: role.updated_at ?? now,
      });
    }
    this.userFields = (seed.user_fields ?? []).map((field, index) => {
      if (!field.key) throw new Error(`seed user_fields[${index}] needs a key`);
      return {
        ...field, id: field.id ?? this.nextId(), key: field.key, type: field.type ?? 'text', title: field.title ?? field.key,
        description: field.description ?? '', active: field.active ?? true, position: field.position ?? index,
        created_at: field.created_at ?? now, updated_at: field.updated_at ?? now,
      };
    });
    for (const [index, group] of (seed.groups ?? []).entries()) {
      if (!group.name) throw new Error(`seed groups[${index}] needs a name`);
      const id = group.id ?? this.nextId();
      this.groups.set(id, {
        id, is_public: group.is_public ?? true, name: group.name, description: group.description ?? '', default: group.default ?? false,
        deleted: group.deleted ?? false, created_at: group.created_at ?? now, updated_at: group.updated_at ?? now,
      });
    }
    for (const [index, seeded] of (seed.users ?? []).entries()) {
      const where = `seed users[${index}]`;
      if (!seeded.name) throw new Error(`${where} needs a name`);
      const role = seeded.role ?? 'end-user';
      if (!USER_ROLES.includes(role)) throw new Error(`${where}.role must be one of ${USER_ROLES.join(', ')}`);
      const id = seeded.id ?? this.nextId();
      if (this.users.has(id)) throw new Error(`${where}.id ${id} is used twice`);
      const user = this.blankUser(id, seeded.name, role, seeded.created_at ?? now);
      for (const key of USER_KEY_ORDER) {
        if (key !== 'url' && seeded[key] !== undefined) (user as unknown as Record<string, unknown>)[key] = seeded[key];
      }
      if (seeded.time_zone !== undefined && seeded.iana_time_zone === undefined) user.iana_time_zone = seeded.time_zone;
      user.user_fields = this.normalizeUserFields(seeded.user_fields ?? {});
      this.applyRoleDefaults(user, seeded.role_type !== undefined);
      const stored: StoredUser = { user };
      this.users.set(id, stored);
      if (seeded.deleted || seeded.active === false) {
        stored.deletedAt = this.now();
        user.active = false;
      }
      if (seeded.permanently_deleted) this.scrubPermanentlyDeleted(stored);
      if (user.email) this.addIdentity(user, 'email', user.email, user.verified, true);
      for (const identity of seeded.identities ?? []) {
        if (identity.type && identity.value && !(identity.type === 'email' && identity.value === user.email)) {
          this.addIdentity(user, identity.type, identity.value, identity.verified ?? false, false);
        }
      }
      if (user.external_id && !stored.deletedAt) this.externalIdOwner.set(user.external_id.toLowerCase(), id);
    }
    for (const [index, seeded] of (seed.group_memberships ?? []).entries()) {
      const where = `seed group_memberships[${index}]`;
      if (typeof seeded.user_id !== 'number' || !this.users.has(seeded.user_id)) throw new Error(`${where}.user_id names no seeded user`);
      if (typeof seeded.group_id !== 'number' || !this.groups.has(seeded.group_id)) throw new Error(`${where}.group_id names no seeded group`);
      this.addMembership(seeded.user_id, seeded.group_id, seeded.id);
    }

    this.apiTokens = (seed.api_tokens ?? []).map((token) => ({ ...token }));
    // The printed token must work: add the sandbox's own when the seed has no active one.
    if (!this.apiTokens.some((token) => token.active)) this.apiTokens.unshift({ token: SANDBOX_API_TOKEN, active: true, description: 'Sandbox' });
    let owner = [...this.users.values()].find((s) => s.user.role === 'admin' && s.user.active && !s.user.suspended && s.user.email);
    if (!owner) {
      const admin = this.blankUser(this.nextId(), 'Sandbox Admin', 'admin', now);
      admin.email = SANDBOX_ADMIN_EMAIL;
      admin.verified = true;
      this.applyRoleDefaults(admin, false);
      owner = { user: admin };
      this.users.set(admin.id, owner);
      this.addIdentity(admin, 'email', SANDBOX_ADMIN_EMAIL, true, true);
    }
    this.ownerId = owner.user.id;
    this.adminEmail = owner.user.email!;
    this.oauthClients = seed.oauth_clients?.length
      ? seed.oauth_clients.map((client) => ({ ...client }))
      : [{ identifier: SANDBOX_OAUTH_CLIENT_ID, secret: SANDBOX_OAUTH_CLIENT_SECRET, name: 'Entra provisioning (sandbox)' }];
  }

  /** The state as a seed (loading it back gives the same records). */
  dump(): ZendeskSeed {
    return {
      account: { ...this.account },
      users: [...this.users.values()].map((stored) => ({
        ...stored.user,
        ...(stored.deletedAt !== undefined ? { deleted: true } : {}),
        ...(stored.permanentlyDeleted ? { permanently_deleted: true } : {}),
        identities: this.identitiesOf(stored.user.id).filter((identity) => !identity.primary),
      })),
      groups: [...this.groups.values()].map((group) => ({ ...group })),
      group_memberships: [...this.memberships.values()].map((membership) => ({ ...membership })),
      custom_roles: [...this.customRoles.values()].map((role) => ({ ...role })),
      user_fields: this.userFields.map((field) => ({ ...field })),
      api_tokens: this.apiTokens.map((token) => ({ ...token })),
      oauth_clients: this.oauthClients.map((client) => ({ ...client })),
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Users

  liveUser(id: number): StoredUser | undefined {
    const stored = this.users.get(id);
    return stored && stored.deletedAt === undefined ? stored : undefined;
  }

  /** A user as `GET /users/{id}` sees it: soft-deleted users too (reference §14), permanently deleted ones not. */
  visibleUser(id: number): StoredUser {
    const stored = this.users.get(id);
    if (!stored || stored.permanentlyDeleted) throw notFound();
    return stored;
  }

  findByEmail(email: string): StoredUser | undefined {
    const id = this.emailOwner.get(email.trim().toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  findByExternalId(externalId: string): StoredUser | undefined {
    const id = this.externalIdOwner.get(externalId.toLowerCase());
    return id === undefined ? undefined : this.liveUser(id);
  }

  /** `POST /users`: validates and creates (reference §4.3); throws 422 with every field error found. */
  createUser(input: unknown): ZendeskUser {
    const attrs = asUserInput(input);
    const errors: FieldError[] = [];
    const name = typeof attrs.name === 'string' ? attrs.name.trim() : '';
    if (name === '') errors.push({ field: 'name', description: 'Name: cannot be blank', error: 'BlankValue' });
    const role = this.resolveRole(attrs, undefined, errors);
    const email = this.checkEmail(attrs.email, undefined, errors);
    this.checkExternalId(attrs.external_id, undefined, errors);
    this.checkUserFields(attrs.user_fields, errors);
    if (role !== 'end-user' && errors.length === 0) this.checkSeat(undefined, errors);
    if (errors.length > 0) throw recordInvalid(errors);

    const user = this.blankUser(this.nextId(), name, role, this.timestamp());
    this.assignWritable(user, attrs);
    user.name = name;
    user.role = role;
    user.email = email ?? null;
    this.applyRoleDefaults(user, false);
    this.users.set(user.id, { user });
    if (email) this.addIdentity(user, 'email', email, user.verified, true);
    if (Array.isArray(attrs.identities)) {
      for (const identity of attrs.identities as Array<{ type?: unknown; value?: unknown }>) {
        if (typeof identity?.type === 'string' && typeof identity.value === 'string' && identity.value !== email) {
          if (identity.type === 'email' && this.findByEmail(identity.value)) continue;
          this.addIdentity(user, identity.type, identity.value, false, !user.email && identity.type === 'email');
          if (!user.email && identity.type === 'email') user.email = identity.value;
        }
      }
    }
    if (user.external_id) this.externalIdOwner.set(user.external_id.toLowerCase(), user.id);
    return user;
  }

  /** `PUT /users/{id}`: `email` adds a secondary identity (reference §4.3); role changes check seats. */
  updateUser(id: number, input: unknown): ZendeskUser {
    const stored = this.liveUser(id);
    if (!stored) throw notFound();
    if (stored.user.shared) throw forbidden();
    const user = stored.user;
    const attrs = asUserInput(input);
    const errors: FieldError[] = [];
    if ('name' in attrs && (typeof attrs.name !== 'string' || attrs.name.trim() === '')) {
      errors.push({ field: 'name', description: 'Name: cannot be blank', error: 'BlankValue' });
    }
    const role = this.resolveRole(attrs, user, errors);
    const email = 'email' in attrs ? this.checkEmail(attrs.email, id, errors) : undefined;
    if ('external_id' in attrs) this.checkExternalId(attrs.external_id, id, errors);
    this.checkUserFields(attrs.user_fields, errors);
    if (role !== 'end-user' && user.role === 'end-user' && errors.length === 0) this.checkSeat(id, errors);
    if (errors.length > 0) throw recordInvalid(errors);

    if (user.external_id) this.externalIdOwner.delete(user.external_id.toLowerCase());
    const previousRole = user.role;
    const previousCustomRole = user.custom_role_id;
    this.assignWritable(user, attrs);
    if (typeof attrs.name === 'string') user.name = attrs.name.trim();
    user.role = role;
    if (role === 'end-user') user.custom_role_id = null;
    if (previousRole !== role || previousCustomRole !== user.custom_role_id) this.applyRoleDefaults(user, false);
    if (role === 'end-user' && previousRole !== 'end-user') {
      for (const membership of this.membershipsOfUser(id)) this.memberships.delete(membership.id);
      user.default_group_id = null;
    }
    if (email) {
      if (user.email) {
        if (!this.identitiesOf(id).some((identity) => identity.type === 'email' && identity.value.toLowerCase() === email.toLowerCase())) {
          this.addIdentity(user, 'email', email, attrs.verified === true, false);
        }
      } else {
        user.email = email;
        this.addIdentity(user, 'email', email, user.verified, true);
      }
    } else if ('verified' in attrs) {
      const primary = this.identitiesOf(id).find((identity) => identity.primary);
      if (primary) primary.verified = attrs.verified === true;
    }
    // The stored value takes the request's casing (create_or_update rule, reference §4.3).
    if (user.external_id) this.externalIdOwner.set(user.external_id.toLowerCase(), id);
    user.updated_at = this.timestamp();
    return user;
  }

  /** `create_or_update`: matched by e-mail, then external id (case-insensitive). */
  createOrUpdateUser(input: unknown): { user: ZendeskUser; created: boolean } {
    const attrs = asUserInput(input);
    const existing =
      (typeof attrs.email === 'string' ? this.findByEmail(attrs.email) : undefined) ??
      (typeof attrs.external_id === 'string' ? this.findByExternalId(attrs.external_id) : undefined);
    if (existing && existing.deletedAt === undefined) {
      const { email: _ignored, ...rest } = attrs;
      return { user: this.updateUser(existing.user.id, rest), created: false };
    }
    return { user: this.createUser(attrs), created: true };
  }

  /** `DELETE /users/{id}`: soft delete (active:false, memberships removed, identities freed). */
  softDeleteUser(id: number): ZendeskUser {
    const stored = this.liveUser(id);
    if (!stored) throw notFound();
    if (id === this.ownerId) throw forbidden();
    stored.deletedAt = this.now();
    stored.user.active = false;
    stored.user.updated_at = this.timestamp();
    for (const membership of this.membershipsOfUser(id)) this.memberships.delete(membership.id);
    stored.user.default_group_id = null;
    if (!this.account.reserve_deleted_emails) this.releaseEmails(id);
    if (stored.user.external_id) this.externalIdOwner.delete(stored.user.external_id.toLowerCase());
    return stored.user;
  }

  /** `DELETE /deleted_users/{id}`: the user must be soft-deleted first. */
  permanentlyDeleteUser(id: number): StoredUser {
    const stored = this.users.get(id);
    if (!stored || stored.deletedAt === undefined || stored.permanentlyDeleted) throw notFound();
    this.scrubPermanentlyDeleted(stored);
    return stored;
  }

  deletedUsers(): StoredUser[] {
    return [...this.users.values()].filter((stored) => stored.deletedAt !== undefined).sort((a, b) => a.user.id - b.user.id);
  }

  liveUsers(): ZendeskUser[] {
    const users: ZendeskUser[] = [];
    for (const stored of this.users.values()) if (stored.deletedAt === undefined) users.push(stored.user);
    return users.sort((a, b) => a.id - b.id);
  }

  identitiesOf(userId: number): ZendeskIdentity[] {
    const ids = this.identityIdsByUser.get(userId);
    if (!ids) return [];
    return [...ids].map((id) => this.identities.get(id)!).sort((a, b) => a.id - b.id);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Groups and memberships

  liveGroup(id: number): ZendeskGroup {
    const group = this.groups.get(id);
    if (!group || group.deleted) throw notFound();
    return group;
  }

  createGroup(input: unknown): ZendeskGroup {
    const attrs = (input ?? {}) as Partial<ZendeskGroup>;
    if (typeof attrs.name !== 'string' || attrs.name.trim() === '') {
      throw recordInvalid([{ field: 'name', description: 'Name: cannot be blank', error: 'BlankValue' }]);
    }
    const now = this.timestamp();
    const group: ZendeskGroup = {
      id: this.nextId(), is_public: attrs.is_public ?? true, name: attrs.name.trim(), description: typeof attrs.description === 'string' ? attrs.description : '',
      default: false, deleted: false, created_at: now, updated_at: now,
    };
    this.groups.set(group.id, group);
    return group;
  }

  updateGroup(id: number, input: unknown): ZendeskGroup {
    const group = this.liveGroup(id);
    const attrs = (input ?? {}) as Partial<ZendeskGroup>;
    if ('name' in attrs && (typeof attrs.name !== 'string' || attrs.name.trim() === '')) {
      throw recordInvalid([{ field: 'name', description: 'Name: cannot be blank', error: 'BlankValue' }]);
    }
    if (attrs.is_public === true && !group.is_public) {
      throw recordInvalid([{ field: 'is_public', description: "Is public: You can't change a private group to a public group", error: 'InvalidValue' }]);
    }
    if (typeof attrs.name === 'string') group.name = attrs.name.trim();
    if (typeof attrs.description === 'string') group.description = attrs.description;
    if (attrs.is_public === false) group.is_public = false;
    group.updated_at = this.timestamp();
    return group;
  }

  /** `DELETE /groups/{id}`: the group stays, flagged `deleted:true`; its memberships go. */
  deleteGroup(id: number): void {
    const group = this.liveGroup(id);
    group.deleted = true;
    group.updated_at = this.timestamp();
    for (const membership of [...this.memberships.values()]) {
      if (membership.group_id === id) this.removeMembership(membership.id);
    }
  }

  membershipsOfUser(userId: number): ZendeskGroupMembership[] {
    return [...this.memberships.values()].filter((membership) => membership.user_id === userId);
  }

  /** Only agents and admins can be members (reference §14: 422 `InvalidValue` on `user_id` for an end-user). */
  createMembership(input: unknown): ZendeskGroupMembership {
    const attrs = (input ?? {}) as Partial<ZendeskGroupMembership>;
    const errors: FieldError[] = [];
    const userId = Number(attrs.user_id);
    const groupId = Number(attrs.group_id);
    const user = Number.isFinite(userId) ? this.liveUser(userId) : undefined;
    const group = Number.isFinite(groupId) ? this.groups.get(groupId) : undefined;
    if (attrs.user_id === undefined || attrs.user_id === null) errors.push({ field: 'user_id', description: 'User: cannot be blank', error: 'BlankValue' });
    else if (!user) errors.push({ field: 'user_id', description: 'User: does not exist', error: 'InvalidValue' });
    else if (user.user.role === 'end-user') errors.push({ field: 'user_id', description: 'User: is not an agent', error: 'InvalidValue' });
    if (attrs.group_id === undefined || attrs.group_id === null) errors.push({ field: 'group_id', description: 'Group: cannot be blank', error: 'BlankValue' });
    else if (!group || group.deleted) errors.push({ field: 'group_id', description: 'Group: does not exist', error: 'InvalidValue' });
    if (errors.length === 0 && this.membershipsOfUser(userId).some((membership) => membership.group_id === groupId)) {
      errors.push({ field: 'user_id', description: 'User: is already a member of this group', error: 'DuplicateValue' });
    }
    if (errors.length > 0) throw recordInvalid(errors);
    return this.addMembership(userId, groupId);
  }

  removeMembership(id: number): void {
    const membership = this.memberships.get(id);
    if (!membership) throw notFound();
    this.memberships.delete(id);
    const user = this.users.get(membership.user_id)?.user;
    if (membership.default && user) {
      const next = this.membershipsOfUser(user.id).sort((a, b) => a.id - b.id)[0];
      if (next) next.default = true;
      user.default_group_id = next?.group_id ?? null;
    }
  }

  makeDefaultMembership(userId: number, membershipId: number): ZendeskGroupMembership[] {
    const membership = this.memberships.get(membershipId);
    if (!membership || membership.user_id !== userId) throw notFound();
    const now = this.timestamp();
    for (const other of this.membershipsOfUser(userId)) {
      other.default = other.id === membershipId;
      other.updated_at = now;
    }
    const user = this.users.get(userId)?.user;
    if (user) user.default_group_id = membership.group_id;
    return this.membershipsOfUser(userId).sort((a, b) => a.id - b.id);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private addMembership(userId: number, groupId: number, id?: number): ZendeskGroupMembership {
    const now = this.timestamp();
    const first = this.membershipsOfUser(userId).length === 0;
    const membership: ZendeskGroupMembership = { id: id ?? this.nextId(), user_id: userId, group_id: groupId, default: first, created_at: now, updated_at: now };
    this.memberships.set(membership.id, membership);
    const user = this.users.get(userId)?.user;
    if (first && user) user.default_group_id = groupId;
    return membership;
  }

  private addIdentity(user: ZendeskUser, type: string, value: string, verified: boolean, primary: boolean): void {
    const now = this.timestamp();
    const identity: ZendeskIdentity = {
      id: this.nextId(), user_id: user.id, type, value, verified, primary, deliverable_state: 'deliverable', undeliverable_count: 0,
      created_at: now, updated_at: now,
    };
    this.identities.set(identity.id, identity);
    let ids = this.identityIdsByUser.get(user.id);
    if (!ids) this.identityIdsByUser.set(user.id, (ids = new Set()));
    ids.add(identity.id);
    const stored = this.users.get(user.id);
    if (type === 'email' && (!stored || stored.deletedAt === undefined || this.account.reserve_deleted_emails) && !stored?.permanentlyDeleted) {
      this.emailOwner.set(value.toLowerCase(), user.id);
    }
  }

  private releaseEmails(userId: number): void {
    for (const [email, owner] of this.emailOwner) if (owner === userId) this.emailOwner.delete(email);
  }

  private scrubPermanentlyDeleted(stored: StoredUser): void {
    this.releaseEmails(stored.user.id);
    for (const identity of this.identitiesOf(stored.user.id)) this.identities.delete(identity.id);
    this.identityIdsByUser.delete(stored.user.id);
    stored.permanentlyDeleted = true;
    stored.deletedAt ??= this.now();
    stored.user.active = false;
    stored.user.name = 'Permanently Deleted User';
    stored.user.email = null;
    stored.user.phone = null;
    stored.user.external_id = null;
    stored.user.updated_at = this.timestamp();
  }

  private blankUser(id: number, name: string, role: UserRole, createdAt: string): ZendeskUser {
    return {
      id, name, email: null, created_at: createdAt, updated_at: createdAt, time_zone: this.account.time_zone,
      iana_time_zone: this.account.time_zone, phone: null, shared_phone_number: null, photo: null, locale_id: 1, locale: 'en-US',
      organization_id: null, role, verified: false, external_id: null, tags: [], alias: null, active: true, shared: false,
      shared_agent: false, last_login_at: null, two_factor_auth_enabled: false, signature: null, details: null, notes: null,
      role_type: null, custom_role_id: null, moderator: false, ticket_restriction: 'requested', only_private_comments: false,
      restricted_agent: true, suspended: false, default_group_id: null, report_csv: false, user_fields: this.normalizeUserFields({}),
    };
  }

  /** Emulator defaults by role (reference §4.1 "Choice"): admins role_type 4 and moderators, end-users restricted. */
  private applyRoleDefaults(user: ZendeskUser, keepRoleType: boolean): void {
    if (user.role === 'end-user') {
      user.role_type = null;
      user.custom_role_id = null;
      user.restricted_agent = true;
      user.ticket_restriction = user.ticket_restriction === 'organization' ? 'organization' : 'requested';
      user.moderator = false;
      return;
    }
    user.restricted_agent = false;
    if (user.ticket_restriction === 'requested') user.ticket_restriction = null;
    if (keepRoleType) return;
    if (user.role === 'admin') {
      user.role_type = 4;
      user.moderator = true;
    } else {
      const custom = user.custom_role_id === null ? undefined : this.customRoles.get(user.custom_role_id);
      user.role_type = custom ? custom.role_type : null;
    }
  }

  private assignWritable(user: ZendeskUser, attrs: Record<string, unknown>): void {
    const target = user as unknown as Record<string, unknown>;
    for (const key of WRITABLE_USER_KEYS) {
      if (!(key in attrs) || key === 'name' || key === 'email' || key === 'role') continue;
      const value = attrs[key];
      if (key === 'user_fields') user.user_fields = { ...user.user_fields, ...this.normalizeUserFields(value as Record<string, unknown>, false) };
      else if (key === 'tags') user.tags = Array.isArray(value) ? value.map(String) : [];
      else if (key === 'external_id') user.external_id = value === null || value === undefined ? null : String(value);
      else if (key === 'custom_role_id') user.custom_role_id = value === null ? null : Number(value);
      else target[key] = value;
    }
    if (typeof attrs.time_zone === 'string') user.iana_time_zone = attrs.time_zone;
  }

  /** Resolves the final role and validates `role` / `custom_role_id` (reference §4.3). */
  private resolveRole(attrs: Record<string, unknown>, existing: ZendeskUser | undefined, errors: FieldError[]): UserRole {
    let role: UserRole = existing?.role ?? 'end-user';
    if ('role' in attrs && attrs.role !== undefined) {
      if (!USER_ROLES.includes(attrs.role as UserRole)) {
        errors.push({ field: 'role', description: `Role: ${String(attrs.role)} is not a valid role (end-user, agent, admin)`, error: 'InvalidValue' });
        return role;
      }
      role = attrs.role as UserRole;
    }
    const customRoleId = attrs.custom_role_id;
    if (customRoleId !== undefined && customRoleId !== null) {
      if (!['enterprise', 'enterprise_plus'].includes(this.account.plan)) {
        errors.push({ field: 'custom_role_id', description: 'Custom role: custom roles need the Enterprise plan or above', error: 'InvalidValue' });
      } else if (!this.customRoles.has(Number(customRoleId))) {
        errors.push({ field: 'custom_role_id', description: `Custom role: ${String(customRoleId)} does not exist`, error: 'InvalidValue' });
      } else if (role === 'admin') {
        errors.push({ field: 'custom_role_id', description: 'Custom role: can only be given to agents (role "agent")', error: 'InvalidValue' });
      } else {
        // Documented: role "end-user" together with a custom_role_id makes the user an agent.
        role = 'agent';
      }
    }
    return role;
  }

  private checkEmail(value: unknown, selfId: number | undefined, errors: FieldError[]): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || !EMAIL_PATTERN.test(value.trim())) {
      errors.push({ field: 'email', description: `Email: ${String(value)} is not properly formatted`, error: 'InvalidFormat' });
      return undefined;
    }
    const email = value.trim();
    const owner = this.emailOwner.get(email.toLowerCase());
    if (owner !== undefined && owner !== selfId) {
      errors.push({ field: 'email', description: `Email: ${email} is already being used by another user`, error: 'DuplicateValue' });
    }
    return email;
  }

  private checkExternalId(value: unknown, selfId: number | undefined, errors: FieldError[]): void {
    if (value === undefined || value === null) return;
    const owner = this.externalIdOwner.get(String(value).toLowerCase());
    if (owner !== undefined && owner !== selfId) {
      errors.push({ field: 'external_id', description: 'External: has to be unique for each user under the same account', error: 'DuplicateValue' });
    }
  }

  private checkUserFields(value: unknown, errors: FieldError[]): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ field: 'user_fields', description: 'User fields: must be an object keyed by field key', error: 'InvalidValue' });
      return;
    }
    for (const key of Object.keys(value)) {
      if (!this.userFields.some((field) => field.key === key)) {
        errors.push({ field: 'user_fields', description: `User fields: ${key} is not a user field of this account`, error: 'InvalidValue' });
      }
    }
  }

  /** Agents and admins consume seats; light agents (1) and contributors (3) don't (reference §4.3). */
  private checkSeat(selfId: number | undefined, errors: FieldError[]): void {
    const seats = this.account.agent_seats;
    if (seats === null || seats === undefined) return;
    let used = 0;
    for (const stored of this.users.values()) {
      const user = stored.user;
      if (stored.deletedAt !== undefined || user.id === selfId || user.role === 'end-user') continue;
      if (user.role_type === 1 || user.role_type === 3) continue;
      used += 1;
    }
    if (used >= seats) {
      errors.push({ field: 'role', description: 'Role: Subscription limit reached, no agent seats available', error: 'MaxAgentExceeded' });
    }
  }

  private normalizeUserFields(values: Record<string, unknown>, fillMissing = true): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const field of this.userFields) {
      if (field.key in (values ?? {})) result[field.key] = values[field.key];
      else if (fillMissing) result[field.key] = null;
    }
    return result;
  }

  /** Live users holding each custom role (`team_member_count`), computed when asked so writes stay O(1). */
  roleMemberCounts(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const stored of this.users.values()) {
      if (stored.deletedAt !== undefined || stored.user.custom_role_id === null) continue;
      counts.set(stored.user.custom_role_id, (counts.get(stored.user.custom_role_id) ?? 0) + 1);
    }
    return counts;
  }
}

/** A user body's attributes; a non-object is a 400 the handler reports. */
function asUserInput(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ApiError(400, { error: 'ParameterMissing', description: 'Parameter user is required' });
  }
  return input as Record<string, unknown>;
}

function validateSeedShape(seed: ZendeskSeed): void {
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed)) throw new Error('a seed must be a JSON object');
  for (const key of ['users', 'groups', 'group_memberships', 'custom_roles', 'user_fields', 'api_tokens', 'oauth_clients'] as const) {
    if (seed[key] !== undefined && !Array.isArray(seed[key])) throw new Error(`seed.${key} must be an array`);
  }
  const known = new Set(['account', 'users', 'groups', 'group_memberships', 'custom_roles', 'user_fields', 'api_tokens', 'oauth_clients']);
  for (const key of Object.keys(seed)) {
    if (!known.has(key)) throw new Error(`seed has an unknown key "${key}" (expected: ${[...known].join(', ')})`);
  }
}

/** A random CSRF-like token for `users/me`. */
export function authenticityToken(): string {
  return randomBytes(24).toString('base64');
}
