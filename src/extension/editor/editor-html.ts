/**
 * The editor page, free of `vscode` so the browser harness (test/webview) serves exactly what the panel shows.
 * CSP (reference vscode-extension-style.md §5): `default-src 'none'`, scripts only by this render's nonce, styles and
 * fonts only from the webview's own resource origin, no `connect-src` — the webview never calls Graph or Zendesk.
 */
export interface EditorHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** Fresh per render (crypto.randomBytes), base64. */
  readonly nonce: string;
  /** `asWebviewUri(dist/webview/main.js)`. */
  readonly scriptUri: string;
  /** `asWebviewUri(dist/webview/main.css)`. */
  readonly styleUri: string;
  readonly title: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "form-action 'none'",
  ].join('; ');
}

export function renderEditorHtml(options: EditorHtmlOptions): string {
  const nonce = escapeHtml(options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
  <title>${escapeHtml(options.title)}</title>
</head>
<body>
  <main id="app" aria-busy="true"><p class="loading">Loading the mappings and scope…</p></main>
  <script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
