/**
 * Builds the engine's ports from a loaded configuration and the environment, for both front ends: the Graph client
 * (with a credential for the configured auth mode) and the Zendesk client, each wrapped in its engine adapter. The CLI
 * passes `process.env` ({@link connect}); the extension passes its stored secrets as an in-memory environment, or
 * brings its own VS Code credential ({@link connectWithCredential}).
 *
 * Secrets come from environment variables only, never from the configuration file:
 * - Entra, as @azure/identity's EnvironmentCredential reads them: `AZURE_TENANT_ID` (when the file has no tenant),
 *   `AZURE_CLIENT_ID` (when `entra.auth.clientId` is not set), `AZURE_CLIENT_SECRET`, or
 *   `AZURE_CLIENT_CERTIFICATE_PATH` (+ `AZURE_CLIENT_CERTIFICATE_PASSWORD`) for `certificate`.
 * - Zendesk: `ZENDESK_OAUTH_CLIENT_ID` (when `zendesk.auth.clientId` is not set) + `ZENDESK_OAUTH_CLIENT_SECRET`, or
 *   the legacy `ZENDESK_API_TOKEN` with `zendesk.adminEmail`.
 * - TLS: `NODE_EXTRA_CA_CERTS` (read by Node at start) trusts the Graph sandbox's certificate for a child process; in
 *   process (the demo, tests) pass the CA explicitly, or `ENTRA_ZENDESK_CA_CERT=<pem path>`.
 *
 * Decision: `entra.auth.mode: "vscode"` has no VS Code session on the environment path ({@link connect}: the CLI; the
 * extension brings its session through {@link connectWithCredential}); when `AZURE_CLIENT_SECRET` is set it signs in
 * with that app (the same fallback as DefaultAzureCredential), otherwise it says how to choose a CLI mode.
 */
import * as fs from 'node:fs';
import { createCredential, CredentialConfigError, type CredentialConfig, type TokenCredential } from '../auth';
import type { EntraZendeskConfig } from '../core/config';
import type { EnginePorts } from '../core/engine';
import { GraphClient } from '../clients/graph';
import { GraphEngineAdapter } from '../clients/graph/engine-adapter';
import type { RequestEvent } from '../clients/http';
import { ZendeskClient, type ZendeskCredentials } from '../clients/zendesk';
import { ZendeskEngineAdapter } from '../clients/zendesk/engine-adapter';
import { InputError } from './input-error';

export interface ConnectOptions {
  /** Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** A CA (PEM) to trust for Graph and its authority, e.g. the sandbox's. Default: `ENTRA_ZENDESK_CA_CERT` file. */
  readonly ca?: string;
  /** Zendesk seconds per real second (the sandbox's `--time-scale`). */
  readonly zendeskTimeScale?: number;
  readonly onRequest?: (side: 'graph' | 'zendesk', event: RequestEvent) => void;
  /** Device-code prompts (deviceCode mode) go here; default stderr. */
  readonly onDeviceCode?: (message: string) => void;
  /**
   * `false` for commands that only call Graph (`job …`): missing Zendesk secrets are then no error, and the Zendesk
   * client is built without credentials (it is never used). Default true.
   */
  readonly requireZendesk?: boolean;
}

export interface Connections {
  readonly graph: GraphClient;
  readonly zendesk: ZendeskClient;
  readonly credential: TokenCredential;
  readonly entraPort: GraphEngineAdapter;
  readonly zendeskPort: ZendeskEngineAdapter;
  readonly ports: EnginePorts;
  /** Every secret value in use, for {@link redactSecrets}. */
  readonly secrets: ReadonlyArray<string>;
  /** How each side signs in, in words (no secrets). */
  readonly describeAuth: { readonly graph: string; readonly zendesk: string };
  close(): void;
}

function env(values: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = values[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function missing(name: string, why: string): InputError {
  return new InputError(`${name} is not set: ${why}. Secrets are read from the environment only, never from the configuration file.`);
}

/** The credential configuration for `entra.auth.mode`, with the secrets the environment provides. */
export function entraCredentialConfig(config: EntraZendeskConfig, values: NodeJS.ProcessEnv, ca?: string): { credential: CredentialConfig; secrets: string[]; description: string } {
  const tenantId = config.entra.tenantId || env(values, 'AZURE_TENANT_ID');
  if (!tenantId) throw missing('AZURE_TENANT_ID', 'entra.tenantId is empty, so the tenant must come from the environment');
  const authority = { tenantId, authorityHost: config.endpoints.authorityHost, ...(ca !== undefined ? { caCertificate: ca } : {}) };
  const clientId = config.entra.auth.clientId ?? env(values, 'AZURE_CLIENT_ID');
  const secret = env(values, 'AZURE_CLIENT_SECRET');
  let mode = config.entra.auth.mode;
  if (mode === 'vscode') {
    if (secret === undefined) {
      throw new InputError(
        'entra.auth.mode is "vscode", which signs in through VS Code; the CLI cannot. Fix: set AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (an app registration with Application.Read.All, User.Read.All, GroupMember.Read.All), or set entra.auth.mode to "clientSecret", "certificate", "deviceCode" or "azureCli".',
      );
    }
    mode = 'clientSecret';
  }
  switch (mode) {
    case 'clientSecret': {
      if (!clientId) throw missing('AZURE_CLIENT_ID', 'entra.auth.clientId is not set either; give the app registration\'s Application (client) ID in one of them');
      if (secret === undefined) throw missing('AZURE_CLIENT_SECRET', `entra.auth.mode "clientSecret" needs the secret value of app ${clientId}`);
      return { credential: { kind: 'clientSecret', clientId, clientSecret: secret, ...authority }, secrets: [secret], description: `app ${clientId} (client secret from AZURE_CLIENT_SECRET)` };
    }
    case 'certificate': {
      if (!clientId) throw missing('AZURE_CLIENT_ID', 'entra.auth.clientId is not set either; give the app registration\'s Application (client) ID in one of them');
      const certificatePath = env(values, 'AZURE_CLIENT_CERTIFICATE_PATH');
      if (certificatePath === undefined) throw missing('AZURE_CLIENT_CERTIFICATE_PATH', 'entra.auth.mode "certificate" needs the path of a PEM with the private key and certificate');
      const password = env(values, 'AZURE_CLIENT_CERTIFICATE_PASSWORD');
      return {
        credential: { kind: 'clientCertificate', clientId, certificatePath, ...(password !== undefined ? { certificatePassword: password } : {}), ...authority },
        secrets: password !== undefined ? [password] : [],
        description: `app ${clientId} (certificate ${certificatePath})`,
      };
    }
    case 'deviceCode': {
      if (!clientId) throw missing('AZURE_CLIENT_ID', 'device-code sign-in needs a public-client app registration id (entra.auth.clientId)');
      return { credential: { kind: 'deviceCode', clientId, ...authority }, secrets: [], description: `device-code sign-in with app ${clientId}` };
    }
    case 'azureCli':
      return { credential: { kind: 'azureCli', tenantId }, secrets: [], description: 'the Azure CLI\'s signed-in account' };
  }
}

export function zendeskCredentials(config: EntraZendeskConfig, values: NodeJS.ProcessEnv): { credentials: ZendeskCredentials; secrets: string[]; description: string } {
  if (config.zendesk.auth.mode === 'apiToken') {
    const token = env(values, 'ZENDESK_API_TOKEN');
    if (token === undefined) throw missing('ZENDESK_API_TOKEN', `zendesk.auth.mode "apiToken" needs the API token of ${config.zendesk.adminEmail} (legacy: prefer an OAuth client)`);
    return { credentials: { kind: 'apiToken', email: config.zendesk.adminEmail, token }, secrets: [token], description: `API token of ${config.zendesk.adminEmail} (legacy)` };
  }
  const clientId = config.zendesk.auth.clientId ?? env(values, 'ZENDESK_OAUTH_CLIENT_ID');
  if (clientId === undefined) throw missing('ZENDESK_OAUTH_CLIENT_ID', 'zendesk.auth.clientId is not set either; give the OAuth client\'s unique identifier (Admin Center › Apps and integrations › APIs › OAuth clients)');
  const secret = env(values, 'ZENDESK_OAUTH_CLIENT_SECRET');
  if (secret === undefined) throw missing('ZENDESK_OAUTH_CLIENT_SECRET', `zendesk.auth.mode "oauth" needs the secret of OAuth client "${clientId}"`);
  return { credentials: { kind: 'oauth', clientId, clientSecret: secret }, secrets: [secret], description: `OAuth client "${clientId}" (client_credentials)` };
}

/** {@link zendeskCredentials}, or none (an empty API token, never sent) when the environment lacks them. */
/** {@link zendeskCredentials}, or a placeholder that is never used when they are not set (Graph-only work). */
export function zendeskCredentialsIfSet(config: EntraZendeskConfig, values: NodeJS.ProcessEnv): ReturnType<typeof zendeskCredentials> {
  try {
    return zendeskCredentials(config, values);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { credentials: { kind: 'apiToken', email: config.zendesk.adminEmail, token: '' }, secrets: [], description: 'not signed in (this command does not call Zendesk)' };
  }
}

function readCa(values: NodeJS.ProcessEnv): string | undefined {
  const file = env(values, 'ENTRA_ZENDESK_CA_CERT');
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`ENTRA_ZENDESK_CA_CERT "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}; point it at a PEM certificate (the sandbox prints caCertPath)`);
  }
}

/**
 * Builds both clients and their engine adapters. Throws InputError when a secret or setting is missing. Device-code
 * prompts go to stderr unless `onDeviceCode` says otherwise (the CLI's default).
 */
export function connect(config: EntraZendeskConfig, options: ConnectOptions = {}): Connections {
  const values = options.env ?? process.env;
  const ca = options.ca ?? readCa(values);
  const entra = entraCredentialConfig(config, values, ca);
  const zendeskAuth = options.requireZendesk === false ? zendeskCredentialsIfSet(config, values) : zendeskCredentials(config, values);
  let credential: TokenCredential;
  try {
    const prompt = options.onDeviceCode ?? ((message: string) => process.stderr.write(`${message}\n`));
    credential = createCredential(entra.credential.kind === 'deviceCode' ? { ...entra.credential, onPrompt: (info) => prompt(info.message) } : entra.credential);
  } catch (error) {
    if (error instanceof CredentialConfigError) throw new InputError(`Entra sign-in: ${error.message}`);
    throw error;
  }
  return connectWithCredential(config, credential, zendeskAuth, {
    ...(ca !== undefined ? { ca } : {}),
    ...(options.zendeskTimeScale !== undefined ? { zendeskTimeScale: options.zendeskTimeScale } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    secrets: [...entra.secrets, ...zendeskAuth.secrets],
    graphAuthDescription: entra.description,
  });
}

export interface ConnectWithCredentialOptions {
  readonly ca?: string;
  readonly zendeskTimeScale?: number;
  readonly onRequest?: ConnectOptions['onRequest'];
  /** Every secret value in use, for redaction. */
  readonly secrets: ReadonlyArray<string>;
  /** How Entra is signed in to, for messages. */
  readonly graphAuthDescription: string;
}

/**
 * Both clients and their engine adapters from an Entra credential already made (app-only from the environment in the
 * CLI, a VS Code session in the extension) and the Zendesk credentials.
 */
export function connectWithCredential(
  config: EntraZendeskConfig,
  credential: TokenCredential,
  zendeskAuth: ReturnType<typeof zendeskCredentials>,
  options: ConnectWithCredentialOptions,
): Connections {
  const onRequest = options.onRequest;
  const graph = new GraphClient({
    credential,
    baseUrl: `${config.endpoints.graphBaseUrl}/v1.0`,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    ...(onRequest ? { onRequest: (event: RequestEvent) => onRequest('graph', event) } : {}),
  });
  const zendesk = new ZendeskClient({
    url: config.endpoints.zendeskBaseUrl,
    credentials: zendeskAuth.credentials,
    ...(options.zendeskTimeScale !== undefined ? { timeScale: options.zendeskTimeScale } : {}),
    ...(onRequest ? { onRequest: (event: RequestEvent) => onRequest('zendesk', event) } : {}),
  });
  const entraPort = new GraphEngineAdapter(graph, config.entra);
  const zendeskPort = new ZendeskEngineAdapter(zendesk);
  return {
    graph,
    zendesk,
    credential,
    entraPort,
    zendeskPort,
    ports: { entra: entraPort, zendesk: zendeskPort },
    secrets: [...options.secrets],
    describeAuth: { graph: options.graphAuthDescription, zendesk: zendeskAuth.description },
    close: () => {
      graph.close();
      zendesk.close();
    },
  };
}

/** Replaces every secret value with `***`: a last line of defence before text reaches stdout/stderr. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

/** The secret environment variables {@link connect} reads, so output code can redact them without a connection. */
export const SECRET_ENV_VARS = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'ZENDESK_OAUTH_CLIENT_SECRET', 'ZENDESK_API_TOKEN'] as const;

export function secretsFromEnv(values: NodeJS.ProcessEnv = process.env): string[] {
  return SECRET_ENV_VARS.map((name) => env(values, name)).filter((v): v is string => v !== undefined);
}
