/**
 * Credentials for the CLI and the extension host, all as `TokenCredential` (the @azure/core-auth shape: `getToken`
 * → `{ token, expiresOnTimestamp }`), so the Graph client takes any of them:
 * - app-only: client secret, client certificate (`@azure/identity`) — scope `https://graph.microsoft.com/.default`;
 * - delegated for the CLI: device code (your own public-client app id; the default Azure CLI app cannot get admin
 *   Graph scopes — AADSTS65002) and Azure CLI (`az account get-access-token`; fixed pre-authorized scopes only);
 * - the VS Code `microsoft` session adapter (vscode-session.ts).
 *
 * `authorityHost` + `caCertificate` point a credential at a private authority such as the Graph sandbox: the
 * authority must be https (MSAL refuses http), `disableInstanceDiscovery` is then set (MSAL would otherwise ask
 * login.microsoftonline.com to validate the host), and the CA is trusted through an https.Agent for this
 * credential only — never by disabling TLS checks.
 */
import * as https from 'node:https';
import {
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  type AccessToken,
  type DeviceCodeInfo,
  type GetTokenOptions,
  type TokenCredential,
} from '@azure/identity';

export type { AccessToken, GetTokenOptions, TokenCredential };

interface CommonConfig {
  readonly tenantId: string;
  /** Default https://login.microsoftonline.com. Must be https. */
  readonly authorityHost?: string;
  /** PEM of a CA to trust for the authority (e.g. the sandbox's `caCertPath` contents). */
  readonly caCertificate?: string | Buffer;
}

export type CredentialConfig =
  | (CommonConfig & { readonly kind: 'clientSecret'; readonly clientId: string; readonly clientSecret: string })
  | (CommonConfig & { readonly kind: 'clientCertificate'; readonly clientId: string; readonly certificatePath?: string; readonly certificate?: string; readonly certificatePassword?: string })
  | (CommonConfig & { readonly kind: 'deviceCode'; readonly clientId: string; readonly onPrompt?: (info: { message: string; userCode: string; verificationUri: string }) => void })
  | { readonly kind: 'azureCli'; readonly tenantId?: string };

/** A credential configuration that cannot work; the message names the field and the fix. */
export class CredentialConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireGuid(value: string | undefined, field: string): void {
  if (!value || !GUID.test(value)) throw new CredentialConfigError(`${field} must be a GUID (from the app registration's Overview blade); got "${value ?? ''}".`);
}

function pipelineOptions(config: CommonConfig): { authorityHost?: string; disableInstanceDiscovery?: boolean; agent?: https.Agent } {
  if (config.authorityHost === undefined) return {};
  let url: URL;
  try {
    url = new URL(config.authorityHost);
  } catch {
    throw new CredentialConfigError(`authorityHost "${config.authorityHost}" is not a URL; use e.g. https://login.microsoftonline.com or the sandbox's authorityHost.`);
  }
  if (url.protocol !== 'https:') throw new CredentialConfigError(`authorityHost must use https (MSAL refuses "${url.protocol}" authorities); got "${config.authorityHost}".`);
  const isPublicCloud = /^login\.(microsoftonline\.(com|us)|chinacloudapi\.cn|partner\.microsoftonline\.cn)$/i.test(url.hostname);
  return {
    authorityHost: url.origin,
    // Instance discovery validates authorities against Microsoft's list; a private authority (the sandbox) is not on it.
    ...(isPublicCloud ? {} : { disableInstanceDiscovery: true }),
    ...(config.caCertificate ? { agent: new https.Agent({ ca: config.caCertificate, keepAlive: false }) } : {}),
  };
}

/** Builds the credential; throws {@link CredentialConfigError} for an unusable configuration. */
export function createCredential(config: CredentialConfig): TokenCredential {
  switch (config.kind) {
    case 'clientSecret': {
      requireGuid(config.clientId, 'clientId');
      if (!config.tenantId) throw new CredentialConfigError('tenantId is required for a client-secret credential (the directory id, or a verified domain).');
      if (!config.clientSecret) throw new CredentialConfigError('clientSecret is empty; use the secret *value* shown once when it was created, not its id.');
      return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, pipelineOptions(config));
    }
    case 'clientCertificate': {
      requireGuid(config.clientId, 'clientId');
      if (!config.tenantId) throw new CredentialConfigError('tenantId is required for a client-certificate credential.');
      if (config.certificatePath) {
        return new ClientCertificateCredential(config.tenantId, config.clientId, { certificatePath: config.certificatePath, certificatePassword: config.certificatePassword }, pipelineOptions(config));
      }
      if (config.certificate) {
        return new ClientCertificateCredential(config.tenantId, config.clientId, { certificate: config.certificate, certificatePassword: config.certificatePassword }, pipelineOptions(config));
      }
      throw new CredentialConfigError('clientCertificate needs certificatePath (a PEM with the private key) or certificate (its PEM text).');
    }
    case 'deviceCode': {
      requireGuid(config.clientId, 'clientId (your public-client app registration; the default Azure CLI app cannot get admin Graph scopes)');
      return new DeviceCodeCredential({
        tenantId: config.tenantId,
        clientId: config.clientId,
        ...pipelineOptions(config),
        userPromptCallback: (info: DeviceCodeInfo) => {
          if (config.onPrompt) config.onPrompt({ message: info.message, userCode: info.userCode, verificationUri: info.verificationUri });
          else process.stderr.write(`${info.message}\n`);
        },
      });
    }
    case 'azureCli':
      return new AzureCliCredential(config.tenantId ? { tenantId: config.tenantId } : {});
  }
}

/** A fixed token (tests, or a token obtained elsewhere). Expiry is reported as `expiresOnTimestamp`. */
export function staticTokenCredential(token: string, expiresOnTimestamp: number = Date.now() + 3600_000): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp }) };
}
