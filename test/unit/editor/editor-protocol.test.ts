import assert from 'node:assert/strict';
import { contentSecurityPolicy, renderEditorHtml } from '../../../src/extension/editor/editor-html';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../../src/protocol/editor-protocol';

describe('editor protocol', () => {
  it('accepts the webview messages it defines and nothing else', () => {
    assert.equal(isWebviewToHostMessage({ type: 'ready' }), true);
    assert.equal(isWebviewToHostMessage({ type: 'draftChanged', revision: 3, draft: {} }), true);
    assert.equal(isWebviewToHostMessage({ type: 'request', id: 1, method: 'save', params: { draft: {} } }), true);
    assert.equal(isWebviewToHostMessage({ type: 'request', id: '1', method: 'save', params: {} }), false, 'ids are numbers');
    assert.equal(isWebviewToHostMessage({ type: 'request', id: 1, method: 'eval', params: {} }), false, 'unknown method');
    assert.equal(isWebviewToHostMessage({ type: 'request', id: 1, method: 'save' }), false, 'params required');
    assert.equal(isWebviewToHostMessage({ type: 'draftChanged', draft: {} }), false, 'revision required');
    assert.equal(isWebviewToHostMessage(undefined), false);
  });

  it('accepts the host notifications and replies', () => {
    assert.equal(isHostToWebviewMessage({ type: 'state' }), true);
    assert.equal(isHostToWebviewMessage({ type: 'validation' }), true);
    assert.equal(isHostToWebviewMessage({ type: 'reply', id: 4, ok: true, result: null }), true);
    assert.equal(isHostToWebviewMessage({ type: 'reply', ok: true }), false);
    assert.equal(isHostToWebviewMessage({ type: 'other' }), false);
  });
});

describe('editor page', () => {
  it('has a CSP with default-src none, scripts only by nonce, and no network access', () => {
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc123');
    assert.equal(csp, "default-src 'none'; script-src 'nonce-abc123'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:; form-action 'none'");
    assert.doesNotMatch(csp, /unsafe|connect-src/);
  });

  it('loads the script by nonce and the stylesheet by URI, escaping what it inserts', () => {
    const html = renderEditorHtml({
      cspSource: 'https://x.vscode-cdn.net', nonce: 'n0nce', scriptUri: 'https://x/main.js?a=1&b=2', styleUri: 'https://x/main.css', title: 'A <b> title',
    });
    assert.match(html, /<script nonce="n0nce" src="https:\/\/x\/main\.js\?a=1&amp;b=2"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/main\.css">/);
    assert.match(html, /<title>A &lt;b&gt; title<\/title>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, no inline code');
    assert.doesNotMatch(html, /style="/, 'no inline styles');
  });
});
