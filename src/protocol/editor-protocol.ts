/**
 * The message protocol between the mappings/scope editor webview and the extension host.
 * This module is the only code shared by both sides: it must stay free of imports.
 * Issue 7 grows it into the full request/response protocol.
 */

/** Sent by the webview once its script has loaded, before the host sends any state. */
export interface ReadyMessage {
  readonly type: 'ready';
}

export type WebviewToHostMessage = ReadyMessage;
