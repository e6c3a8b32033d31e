/**
 * Adapts a `TokenCredential` to the shared HTTP layer's auth hook: a Bearer header on every attempt, the token cached
 * until 5 minutes before it expires (credentials differ in whether they cache), and a forced refresh after a 401.
 */
import type { AccessToken, TokenCredential } from '../../auth';
import type { AuthHook } from '../http';
import { GRAPH_DEFAULT_SCOPE } from '../../auth';

const REFRESH_MARGIN_MS = 5 * 60_000;

export function credentialAuthHook(credential: TokenCredential, scopes: readonly string[] = [GRAPH_DEFAULT_SCOPE]): AuthHook {
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  const fetchToken = (signal?: AbortSignal): Promise<AccessToken> => {
    // One token request at a time, shared by concurrent calls.
    pending ??= (async () => {
      try {
        const token = await credential.getToken([...scopes], { abortSignal: signal });
        if (!token) throw new Error(`The credential returned no token for ${scopes.join(' ')}.`);
        cached = token;
        return token;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
  return {
    async headers(signal) {
      const token = cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now() ? cached : await fetchToken(signal);
      return { Authorization: `Bearer ${token.token}` };
    },
    async refresh(signal) {
      cached = undefined;
      await fetchToken(signal);
      return true;
    },
  };
}
