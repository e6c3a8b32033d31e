/**
 * A `TokenCredential` over VS Code's built-in `microsoft` authentication provider, without importing `vscode`: the
 * extension passes a function that calls `vscode.authentication.getSession('microsoft', scopes, options)`.
 *
 * Pattern from microsoft/vscode-azuretools (graph-api.md §10.1): `getToken()` asks silently and throws
 * {@link NotSignedInError} when there is no session; an explicit sign-in command calls {@link VsCodeSessionCredential.signIn}
 * (`createIfNone`). VS Code refreshes tokens itself and sessions carry no expiry, so nothing is cached here: every
 * `getToken` asks VS Code again. Choice (§10.1): report `expiresOnTimestamp = now + 5 min` to SDKs that need one.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from './credentials';
import { vscodeSessionScopes, type GraphOperation } from './scopes';

/** The part of `vscode.AuthenticationSession` this adapter reads. */
export interface VsCodeSession {
  readonly accessToken: string;
  readonly account: { readonly id: string; readonly label: string };
  readonly scopes: readonly string[];
}

export interface VsCodeSessionOptions {
  readonly silent?: boolean;
  readonly createIfNone?: boolean;
  readonly forceNewSession?: boolean;
}

/** `(scopes, options) => vscode.authentication.getSession('microsoft', scopes, options)`. */
export type GetVsCodeSession = (scopes: readonly string[], options: VsCodeSessionOptions) => PromiseLike<VsCodeSession | undefined>;

/** No VS Code session for these scopes; run the sign-in command. */
export class NotSignedInError extends Error {
  constructor(message = 'Not signed in to Microsoft in VS Code. Run "Entra → Zendesk: Sign in" to grant the Graph permissions.') {
    super(message);
    this.name = 'NotSignedInError';
  }
}

export const VSCODE_TOKEN_REPORTED_LIFETIME_MS = 5 * 60_000;

export class VsCodeSessionCredential implements TokenCredential {
  /** The exact scope list passed to VS Code (pseudo-scopes first, then sorted Graph scopes). */
  readonly scopes: readonly string[];

  constructor(
    private readonly getSession: GetVsCodeSession,
    options: { clientId: string; tenantId?: string; operations?: readonly GraphOperation[]; extraScopes?: readonly string[] },
  ) {
    this.scopes = vscodeSessionScopes({ clientId: options.clientId, tenantId: options.tenantId, operations: options.operations, scopes: options.extraScopes });
  }

  /**
   * Silent: never prompts. The `scopes` argument SDKs pass (`…/.default`) is ignored on purpose — the session's
   * scopes were fixed when it was created and VS Code keys sessions by that set.
   */
  async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    if (options?.abortSignal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const session = await this.getSession(this.scopes, { silent: true });
    if (!session) throw new NotSignedInError();
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + VSCODE_TOKEN_REPORTED_LIFETIME_MS };
  }

  /** Interactive sign-in (modal; also prompts for consent). Returns the account label. */
  async signIn(forceNewSession = false): Promise<string> {
    const session = await this.getSession(this.scopes, forceNewSession ? { forceNewSession: true } : { createIfNone: true });
    if (!session) throw new NotSignedInError('Sign-in was cancelled.');
    return session.account.label;
  }
}
