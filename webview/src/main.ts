import type { WebviewToHostMessage } from '../../src/protocol/editor-protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// The editor UI arrives with issue 7; the handshake is the part of the protocol that exists today.
const vscode = acquireVsCodeApi();
vscode.postMessage({ type: 'ready' });
