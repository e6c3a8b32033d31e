/**
 * Both emulators started together, with what every other command needs to work against them: a configuration file
 * text pointing at them and the environment variables holding their secrets and CA. Used by `entra-zendesk sandbox`
 * (served until stopped), by `demo` (in process), by the extension's sandbox tenant and by the engine tests.
 */
import { createConfigText } from '../core/config';
import { DEMO_ZENDESK_SERVICE_PRINCIPAL_ID, startGraphSandbox, type GraphSandbox, type GraphSeed } from '../sandbox/graph';
import { startZendeskSandbox, type ZendeskSandbox, type ZendeskSeed } from '../sandbox/zendesk';

export interface LocalSandboxOptions {
  /** Default: the demo tenant. */
  readonly graphSeed?: GraphSeed;
  /** Default: the demo account. */
  readonly zendeskSeed?: ZendeskSeed;
  readonly zendeskTimeScale?: number;
  /** The Graph app registration's secret (default: random per start); tests pass a canary. */
  readonly graphClientSecret?: string;
  /** Application permissions granted to the app (default: the least-privileged set the project needs). */
  readonly graphAppPermissions?: ReadonlyArray<string>;
}

/** The environment with which `--config <written file>` works against this sandbox. */
export interface SandboxEnvironment {
  readonly AZURE_TENANT_ID: string;
  readonly AZURE_CLIENT_ID: string;
  readonly AZURE_CLIENT_SECRET: string;
  readonly ZENDESK_OAUTH_CLIENT_ID: string;
  readonly ZENDESK_OAUTH_CLIENT_SECRET: string;
  readonly ZENDESK_API_TOKEN: string;
  /** The Graph sandbox's self-signed CA, trusted by Node when set before it starts. */
  readonly NODE_EXTRA_CA_CERTS: string;
}

export interface LocalSandbox {
  readonly graph: GraphSandbox;
  readonly zendesk: ZendeskSandbox;
  /** The first stdout line of `entra-zendesk sandbox`: `{"graph": {...}, "zendesk": {...}, "env": {...}}`. */
  info(): { graph: ReturnType<GraphSandbox['info']>; zendesk: ReturnType<ZendeskSandbox['connectionInfo']>['zendesk']; env: SandboxEnvironment };
  readonly env: SandboxEnvironment;
  /** A configuration file (JSON text) pointing at both emulators; secrets stay in {@link env}. */
  configText(): string;
  close(): Promise<void>;
}

/**
 * The enterprise app the configuration names: the demo's Zendesk app, or in a custom seed the service principal
 * named "Zendesk" (else the first one the seed lists).
 */
function zendeskServicePrincipalId(seed: GraphSeed | undefined): string {
  if (seed === undefined) return DEMO_ZENDESK_SERVICE_PRINCIPAL_ID;
  const principals = (seed as { servicePrincipals?: Array<{ id?: string; displayName?: string }> }).servicePrincipals ?? [];
  const named = principals.find((sp) => /zendesk/i.test(sp.displayName ?? '')) ?? principals[0];
  if (named?.id === undefined) throw new Error('the Graph seed has no servicePrincipals: add the Zendesk enterprise app ({"servicePrincipals": [{"id": …, "appId": …, "displayName": "Zendesk", "appRoles": [...]}]})');
  return named.id;
}

export async function startLocalSandbox(options: LocalSandboxOptions = {}): Promise<LocalSandbox> {
  const servicePrincipalId = zendeskServicePrincipalId(options.graphSeed);
  const graph = await startGraphSandbox({
    ...(options.graphSeed !== undefined ? { seed: options.graphSeed } : {}),
    ...(options.graphClientSecret !== undefined ? { clientSecret: options.graphClientSecret } : {}),
    ...(options.graphAppPermissions !== undefined ? { appPermissions: options.graphAppPermissions } : {}),
  });
  let zendesk: ZendeskSandbox;
  try {
    zendesk = await startZendeskSandbox({
      ...(options.zendeskSeed !== undefined ? { seed: options.zendeskSeed } : {}),
      ...(options.zendeskTimeScale !== undefined ? { timeScale: options.zendeskTimeScale } : {}),
    });
  } catch (error) {
    await graph.close();
    throw error;
  }
  // The Graph sandbox's synchronization job (Entra's provisioning service, emulated) provisions into this Zendesk.
  graph.synchronization.setZendeskTarget({
    url: zendesk.url,
    subdomain: zendesk.subdomain,
    ...(options.zendeskTimeScale !== undefined ? { timeScale: options.zendeskTimeScale } : {}),
  });
  const env: SandboxEnvironment = {
    AZURE_TENANT_ID: graph.tenantId,
    AZURE_CLIENT_ID: graph.clientId,
    AZURE_CLIENT_SECRET: graph.clientSecret,
    ZENDESK_OAUTH_CLIENT_ID: zendesk.oauthClientId,
    ZENDESK_OAUTH_CLIENT_SECRET: zendesk.oauthClientSecret,
    ZENDESK_API_TOKEN: zendesk.apiToken,
    NODE_EXTRA_CA_CERTS: graph.caCertPath,
  };
  return {
    graph,
    zendesk,
    env,
    info: () => ({ graph: graph.info(), zendesk: zendesk.connectionInfo().zendesk, env }),
    configText: () =>
      createConfigText({
        tenantId: graph.tenantId,
        servicePrincipalId,
        subdomain: zendesk.subdomain,
        adminEmail: zendesk.adminEmail,
        entraAuth: { mode: 'clientSecret', clientId: graph.clientId },
        zendeskAuth: { mode: 'oauth', clientId: zendesk.oauthClientId },
        endpoints: { graphBaseUrl: graph.url, authorityHost: graph.authorityHost, zendeskBaseUrl: zendesk.url },
      }),
    close: async () => {
      await Promise.all([graph.close(), zendesk.close()]);
    },
  };
}
