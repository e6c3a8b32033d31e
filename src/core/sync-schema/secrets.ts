/**
 * The job's secrets and settings that carry configuration (reference §8.5, §1.7, §1.8, §4.2): `SyncAll` (scope),
 * `SkipOutOfScopeDeletions`, `SyncNotificationSettings` (failure e-mails and the accidental-deletion switch), the job
 * setting `QuarantineTooManyDeletesThreshold`, and the Zendesk credential keys. Secret VALUES are never produced from a
 * configuration and never appear in a message: `credentialSecrets` is for the caller that holds them.
 */
import { subdomainProblem } from '../config';
import type { EntraZendeskConfig } from '../config';
import type { SynchronizationJobSetting, SynchronizationSecret } from './types';

export const SYNC_ALL_KEY = 'SyncAll';
export const SKIP_OUT_OF_SCOPE_DELETIONS_KEY = 'SkipOutOfScopeDeletions';
export const SYNC_NOTIFICATION_SETTINGS_KEY = 'SyncNotificationSettings';
export const DELETE_THRESHOLD_JOB_SETTING = 'QuarantineTooManyDeletesThreshold';

/** The secret keys holding the three portal credential fields of the Zendesk connector (§4.1). */
export interface ZendeskCredentialKeys {
  /** "Admin Username" — the Zendesk admin's e-mail. */
  readonly adminEmail: string;
  /** "Secret Token" — the Zendesk API token. */
  readonly apiToken: string;
  /** "Domain" — the bare subdomain. */
  readonly subdomain: string;
}

/**
 * Reference §4.2 / §4.6 (Inferred, not documented): `UserName`, `SecretToken`, `Domain`. Configurable because a live
 * tenant's Test Connection traffic is the only proof; pass other names where the API takes `credentialKeys`.
 */
export const DEFAULT_ZENDESK_CREDENTIAL_KEYS: ZendeskCredentialKeys = Object.freeze({
  adminEmail: 'UserName',
  apiToken: 'SecretToken',
  subdomain: 'Domain',
});

/** The credential key names in the portal's order: what a caller must fill before `PUT …/secrets`. */
export function credentialKeyNames(keys: ZendeskCredentialKeys = DEFAULT_ZENDESK_CREDENTIAL_KEYS): string[] {
  return [keys.adminEmail, keys.apiToken, keys.subdomain];
}

export interface ZendeskCredentials {
  readonly adminEmail: string;
  readonly apiToken: string;
  readonly subdomain: string;
}

/** Invalid credential input. The message names the field and the fix, never a value. */
export class CredentialInputError extends Error {
  constructor(readonly field: keyof ZendeskCredentials, message: string, readonly fix: string) {
    super(`${message}; ${fix}`);
    this.name = 'CredentialInputError';
  }
}

/**
 * The credential secrets for `validateCredentials` / `PUT …/secrets`, under the given key names. Checks what the
 * portal's Test Connection would fail on (P5): a Domain that is a URL or host name rather than the bare subdomain.
 * @throws CredentialInputError naming the field (the token is never echoed).
 */
export function credentialSecrets(keys: ZendeskCredentialKeys, values: ZendeskCredentials): SynchronizationSecret[] {
  const names = credentialKeyNames(keys);
  if (new Set(names).size !== names.length || names.some((n) => n.trim() === '')) {
    throw new CredentialInputError('apiToken', `the credential key names must be three different non-empty names (got ${names.map((n) => JSON.stringify(n)).join(', ')})`,
      `use the defaults ${credentialKeyNames().join(', ')} unless the connector is known to use others`);
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.adminEmail)) {
    throw new CredentialInputError('adminEmail', 'the Zendesk admin username is not an e-mail address', 'give the e-mail address of a Zendesk admin, e.g. admin@contoso.com');
  }
  if (values.apiToken.trim() === '') {
    throw new CredentialInputError('apiToken', 'the Zendesk API token is empty', 'create one in Admin Center → Apps and integrations → APIs → Zendesk API (Token Access enabled)');
  }
  if (/\s/.test(values.apiToken)) {
    throw new CredentialInputError('apiToken', 'the Zendesk API token contains white space', 'paste the token exactly as Zendesk showed it, without spaces or line breaks');
  }
  const bad = subdomainProblem(values.subdomain);
  if (bad) throw new CredentialInputError('subdomain', `Domain: ${bad.message}`, bad.fix);
  return [
    { key: keys.adminEmail, value: values.adminEmail },
    { key: keys.apiToken, value: values.apiToken },
    { key: keys.subdomain, value: values.subdomain },
  ];
}

/**
 * Combines secret lists for one `PUT …/secrets` (which replaces the whole stored set, so every key must be sent): a key
 * given again replaces the earlier value in place. Keys compare case-insensitively, as the service's enum names do.
 */
export function mergeSecrets(...lists: ReadonlyArray<ReadonlyArray<SynchronizationSecret>>): SynchronizationSecret[] {
  const merged: SynchronizationSecret[] = [];
  for (const list of lists) {
    for (const secret of list) {
      const at = merged.findIndex((s) => s.key.toLowerCase() === secret.key.toLowerCase());
      if (at >= 0) merged[at] = { key: secret.key, value: secret.value };
      else merged.push({ key: secret.key, value: secret.value });
    }
  }
  return merged;
}

/** `SyncNotificationSettings`' JSON (§1.8): `{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":50}`. */
export interface SyncNotificationSettings {
  readonly Enabled: boolean;
  readonly Recipients?: string;
  readonly DeleteThresholdEnabled: boolean;
  readonly DeleteThresholdValue?: number;
}

/**
 * The non-credential secrets a configuration determines. Spellings follow §8.5's example: `SyncAll` lower-case
 * `"true"`/`"false"`, `SkipOutOfScopeDeletions` `"True"`/`"False"`. Decision: `DeleteThresholdValue` is written even
 * when the threshold is off, so switching it on later keeps the admin's number (the §1.8 example omits it when off).
 */
export function settingsSecrets(config: EntraZendeskConfig): SynchronizationSecret[] {
  const notifications: SyncNotificationSettings = {
    Enabled: config.notifications.notifyOnFailure,
    ...(config.notifications.email !== undefined ? { Recipients: config.notifications.email } : {}),
    DeleteThresholdEnabled: config.accidentalDeletion.enabled,
    DeleteThresholdValue: config.accidentalDeletion.threshold,
  };
  return [
    { key: SYNC_NOTIFICATION_SETTINGS_KEY, value: JSON.stringify(notifications) },
    { key: SYNC_ALL_KEY, value: config.scope === 'allUsersAndGroups' ? 'true' : 'false' },
    { key: SKIP_OUT_OF_SCOPE_DELETIONS_KEY, value: config.deprovisioning.skipOutOfScopeDeletions ? 'True' : 'False' },
  ];
}

/**
 * The job settings a configuration determines, merged into the job's current ones (others kept in place, §8.2):
 * `QuarantineTooManyDeletesThreshold` as a decimal string.
 */
export function jobSettingsFor(config: EntraZendeskConfig, current: ReadonlyArray<SynchronizationJobSetting> = []): SynchronizationJobSetting[] {
  const threshold = { name: DELETE_THRESHOLD_JOB_SETTING, value: String(config.accidentalDeletion.threshold) };
  const settings = current.map((s) => ({ name: s.name, value: s.value }));
  const at = settings.findIndex((s) => s.name === DELETE_THRESHOLD_JOB_SETTING);
  if (at >= 0) settings[at] = threshold;
  else settings.push(threshold);
  return settings;
}

/** .NET `bool.Parse` plus the `1`/`0` the service also accepts (§1.7); undefined when neither. */
export function parseSecretBoolean(value: string): boolean | undefined {
  const folded = value.trim().toLowerCase();
  if (folded === 'true' || folded === '1') return true;
  if (folded === 'false' || folded === '0') return false;
  return undefined;
}
