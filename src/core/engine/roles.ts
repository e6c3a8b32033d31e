/**
 * Role translation (reference §4.3, §4.1 limitation 2): the role name a mapping produces (normally the app role from
 * SingleAppRoleAssignment, or the mapping's default `end-user`) → a Zendesk built-in role, or a custom role, which
 * Zendesk only gives to agents: `role: "agent"` + `custom_role_id`.
 */
import type { RoleTranslation } from '../config';
import { type EngineObjectError, objectError } from './errors';
import type { ZendeskRoleTarget } from './model';
import type { GraphAppRole, ZendeskCustomRole } from './ports';

const BUILT_IN: ReadonlyMap<string, 'end-user' | 'agent' | 'admin'> = new Map([
  ['end-user', 'end-user'],
  ['agent', 'agent'],
  ['admin', 'admin'],
]);

const CUSTOM_VALUE = /^custom_role:(\d+)$/;

export type RoleResolution = { readonly ok: true; readonly target: ZendeskRoleTarget } | { readonly ok: false; readonly error: EngineObjectError };

export class RoleTranslator {
  private readonly translations: ReadonlyMap<string, RoleTranslation>;
  private readonly appRolesByName: ReadonlyMap<string, GraphAppRole>;
  private readonly customById: ReadonlyMap<number, ZendeskCustomRole> | null;
  private readonly customByName: ReadonlyMap<string, ZendeskCustomRole>;
  /** Resolutions by role name as given: a plan resolves the same few names for every user. */
  private readonly resolved = new Map<string, RoleResolution>();

  constructor(translations: ReadonlyArray<RoleTranslation>, appRoles: Iterable<GraphAppRole>, customRoles: ReadonlyArray<ZendeskCustomRole> | null) {
    this.translations = new Map(translations.map((t) => [t.appRole.toLowerCase(), t]));
    this.appRolesByName = new Map([...appRoles].filter((r) => r.displayName !== null).map((r) => [r.displayName!.toLowerCase(), r]));
    this.customById = customRoles === null ? null : new Map(customRoles.map((r) => [r.id, r]));
    this.customByName = new Map((customRoles ?? []).map((r) => [r.name.toLowerCase(), r]));
  }

  /**
   * Lookup order (Decision): the configuration's role translations; a built-in value itself (`end-user`, e.g. the
   * mapping's default); the imported app role's `value` (`agent`, `custom_role:<id>`); a Zendesk custom role of that
   * name. Names compare case-insensitively. Anything else is a role Zendesk would reject.
   */
  resolve(name: string): RoleResolution {
    let resolution = this.resolved.get(name);
    if (resolution === undefined) {
      resolution = this.translate(name);
      this.resolved.set(name, resolution);
    }
    return resolution;
  }

  private translate(name: string): RoleResolution {
    const key = name.toLowerCase();
    const translation = this.translations.get(key);
    if (translation !== undefined) {
      if (translation.customRoleId !== undefined) return this.custom(translation.customRoleId, translation.customRoleName ?? name);
      if (translation.zendeskRole !== undefined) return { ok: true, target: { kind: 'builtIn', role: translation.zendeskRole } };
    }
    const builtIn = BUILT_IN.get(key);
    if (builtIn !== undefined) return { ok: true, target: { kind: 'builtIn', role: builtIn } };
    const appRole = this.appRolesByName.get(key);
    const value = appRole?.value ?? null;
    if (value !== null) {
      const fromValue = BUILT_IN.get(value.toLowerCase());
      if (fromValue !== undefined) return { ok: true, target: { kind: 'builtIn', role: fromValue } };
      const custom = CUSTOM_VALUE.exec(value);
      if (custom !== null) return this.custom(Number(custom[1]), appRole?.displayName ?? name);
    }
    const byName = this.customByName.get(key);
    if (byName !== undefined) return { ok: true, target: { kind: 'custom', customRoleId: byName.id, name: byName.name } };
    return {
      ok: false,
      error: objectError(
        'UnprocessableEntity',
        `Role "${name}" is not a Zendesk role: no role translation, imported app role value or Zendesk custom role has this name`,
      ),
    };
  }

  private custom(id: number, name: string): RoleResolution {
    if (this.customById !== null && !this.customById.has(id)) {
      return {
        ok: false,
        error: objectError('UnprocessableEntity', `Role "${name}" translates to Zendesk custom role ${id}, which does not exist in this Zendesk account`),
      };
    }
    return { ok: true, target: { kind: 'custom', customRoleId: id, name } };
  }
}
