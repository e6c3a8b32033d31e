/**
 * Builds the engine run (configuration + ports + state and log files) for the extension, from the configuration file
 * and the secrets in `context.secrets` — the extension's way into the shared `src/app/wiring.ts` (the CLI's too), whose
 * pieces it reuses: secrets are handed to it as an in-memory environment, never through `process.env`.
 *
 * Entra sign-in: with a stored app secret the app signs in (app-only); otherwise `entra.auth.mode: "vscode"` signs in
 * through VS Code's `microsoft` account provider (settings `entraZendesk.entra.clientId` / `tenantId`) with the
 * least-privilege delegated scopes.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { VsCodeSessionCredential, type GetVsCodeSession } from '../../auth';
import type { LoadedConfig } from '../../core/config';
import { compileConfig } from '../../core/engine';
import { readConfigFile } from '../../app/config-file';
import type { EngineRun } from '../../app/engine-run';
import { defaultLogPath, defaultStatePath, FileStateStore } from '../../app/state-files';
import { connect, connectWithCredential, zendeskCredentials, zendeskCredentialsIfSet, type Connections } from '../../app/wiring';
import { SecretKeys, SettingKeys } from '../constants';
import { registerSecrets } from '../log';

/** The secrets the extension stores, as the environment variable names the shared wiring reads. */
export interface StoredSecrets {
  readonly entraClientSecret?: string;
  readonly zendeskOAuthClientSecret?: string;
  readonly zendeskApiToken?: string;
}

export async function readStoredSecrets(secrets: vscode.SecretStorage): Promise<StoredSecrets> {
  const [entraClientSecret, zendeskOAuthClientSecret, zendeskApiToken] = await Promise.all([
    secrets.get(SecretKeys.entraClientSecret),
    secrets.get(SecretKeys.zendeskOAuthClientSecret),
    secrets.get(SecretKeys.zendeskApiToken),
  ]);
  registerSecrets([entraClientSecret, zendeskOAuthClientSecret, zendeskApiToken]);
  return {
    ...(entraClientSecret ? { entraClientSecret } : {}),
    ...(zendeskOAuthClientSecret ? { zendeskOAuthClientSecret } : {}),
    ...(zendeskApiToken ? { zendeskApiToken } : {}),
  };
}

/** The in-memory environment the shared wiring reads (never `process.env`: other extensions share it). */
export function secretsEnvironment(secrets: StoredSecrets): NodeJS.ProcessEnv {
  return {
    ...(secrets.entraClientSecret !== undefined ? { AZURE_CLIENT_SECRET: secrets.entraClientSecret } : {}),
    ...(secrets.zendeskOAuthClientSecret !== undefined ? { ZENDESK_OAUTH_CLIENT_SECRET: secrets.zendeskOAuthClientSecret } : {}),
    ...(secrets.zendeskApiToken !== undefined ? { ZENDESK_API_TOKEN: secrets.zendeskApiToken } : {}),
  };
}

/** Which credentials are missing for this configuration, so the views can show the right welcome. */
export function missingCredentials(config: LoadedConfig['config'], secrets: StoredSecrets, signedInToMicrosoft: boolean): 'entra' | 'zendesk' | null {
  const entraOk = config.entra.auth.mode === 'vscode' ? signedInToMicrosoft || secrets.entraClientSecret !== undefined : config.entra.auth.mode !== 'clientSecret' || secrets.entraClientSecret !== undefined;
  if (!entraOk) return 'entra';
  const zendeskOk = config.zendesk.auth.mode === 'apiToken' ? secrets.zendeskApiToken !== undefined : secrets.zendeskOAuthClientSecret !== undefined;
  return zendeskOk ? null : 'zendesk';
}

export function getMicrosoftSession(): GetVsCodeSession {
  return (scopes, options) => vscode.authentication.getSession('microsoft', [...scopes], options);
}

/** The VS Code session credential for a configuration, from the settings (falling back to the file's tenant). */
export function vscodeCredential(config: LoadedConfig['config']): VsCodeSessionCredential {
  const settings = vscode.workspace.getConfiguration(SettingKeys.section);
  const clientId = settings.get<string>(SettingKeys.entraClientId)?.trim() || config.entra.auth.clientId || '';
  const tenantId = settings.get<string>(SettingKeys.entraTenantId)?.trim() || config.entra.tenantId || undefined;
  if (clientId === '') {
    throw new Error(
      `Signing in through VS Code needs your app registration's client id: set the setting "${SettingKeys.section}.${SettingKeys.entraClientId}" (a public-client app with the delegated Graph permissions), or store an app secret with "Sign in to Microsoft Entra ID" › App secret.`,
    );
  }
  return new VsCodeSessionCredential(getMicrosoftSession(), { clientId, ...(tenantId !== undefined ? { tenantId } : {}) });
}

export interface OpenRunOptions {
  readonly configPath: string;
  readonly secrets: StoredSecrets;
  /** The Graph sandbox's CA (PEM file), trusted for Graph and its token endpoint. */
  readonly caCertPath?: string;
  /** Zendesk seconds per real second (the sandbox's time scale). */
  readonly zendeskTimeScale?: number;
  /** `false` for Graph-only work (the Entra provisioning job): missing Zendesk credentials are then no error. */
  readonly requireZendesk?: boolean;
}

function connectWithVsCodeSession(config: LoadedConfig['config'], secrets: StoredSecrets, ca: string | undefined, timeScale: number | undefined, requireZendesk: boolean): Connections {
  const credential = vscodeCredential(config);
  const zendeskAuth = (requireZendesk ? zendeskCredentials : zendeskCredentialsIfSet)(config, secretsEnvironment(secrets));
  return connectWithCredential(config, credential, zendeskAuth, {
    ...(ca !== undefined ? { ca } : {}),
    ...(timeScale !== undefined ? { zendeskTimeScale: timeScale } : {}),
    secrets: zendeskAuth.secrets,
    graphAuthDescription: 'your Microsoft account in VS Code',
  });
}

/** Loads, compiles and connects. Errors say what is missing and how to fix it (secret values never appear). */
export function openExtensionRun(options: OpenRunOptions): EngineRun {
  const loaded = readConfigFile(options.configPath);
  const compiled = compileConfig(loaded.config);
  const ca = options.caCertPath !== undefined ? fs.readFileSync(options.caCertPath, 'utf8') : undefined;
  const connected =
    loaded.config.entra.auth.mode === 'vscode' && options.secrets.entraClientSecret === undefined
      ? connectWithVsCodeSession(loaded.config, options.secrets, ca, options.zendeskTimeScale, options.requireZendesk !== false)
      : connect(loaded.config, {
          env: secretsEnvironment(options.secrets),
          // Device-code sign-in: the code and URL go to a notification (the CLI prints them on stderr).
          onDeviceCode: (message) => void vscode.window.showInformationMessage(message, { modal: false }),
          ...(options.requireZendesk === false ? { requireZendesk: false } : {}),
          ...(ca !== undefined ? { ca } : {}),
          ...(options.zendeskTimeScale !== undefined ? { zendeskTimeScale: options.zendeskTimeScale } : {}),
        });
  // The wiring names the environment variable it read; here the secret came from SecretStorage.
  const connections: Connections = { ...connected, describeAuth: { graph: connected.describeAuth.graph.replace(/from AZURE_CLIENT_SECRET/, 'from VS Code SecretStorage'), zendesk: connected.describeAuth.zendesk } };
  registerSecrets(connections.secrets);
  return {
    loaded,
    compiled,
    connections,
    store: new FileStateStore(defaultStatePath(options.configPath)),
    logFile: defaultLogPath(options.configPath),
    now: () => new Date(),
    close: () => connections.close(),
  };
}
