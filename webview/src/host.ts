/**
 * The webview's side of the protocol: `acquireVsCodeApi()` called once, requests as Promises resolved or rejected by
 * the host's reply with the same id, notifications handed to one listener.
 */
import {
  isHostToWebviewMessage,
  type EditorRequestMethod,
  type EditorRequests,
  type HostToWebviewMessage,
  type ReplyError,
  type WebviewPersistedState,
  type WebviewToHostMessage,
} from '../../src/protocol/editor-protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: WebviewPersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** A request the host answered with an error reply. */
export class HostError extends Error {
  constructor(readonly reply: ReplyError) {
    super(reply.message);
  }
}

export class Host {
  private readonly api = acquireVsCodeApi();
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(onNotification: (message: Exclude<HostToWebviewMessage, { type: 'reply' }>) => void) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (!isHostToWebviewMessage(message)) return;
      if (message.type !== 'reply') {
        onNotification(message);
        return;
      }
      const waiting = this.pending.get(message.id);
      if (waiting === undefined) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new HostError(message.error));
    });
  }

  post(message: WebviewToHostMessage): void {
    this.api.postMessage(message);
  }

  request<M extends EditorRequestMethod>(method: M, params: EditorRequests[M]['params']): Promise<EditorRequests[M]['result']> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ type: 'request', id, method, params } as WebviewToHostMessage);
    });
  }

  get persisted(): WebviewPersistedState {
    const state = this.api.getState();
    return typeof state === 'object' && state !== null ? (state as WebviewPersistedState) : {};
  }

  persist(state: WebviewPersistedState): void {
    this.api.setState(state);
  }
}
