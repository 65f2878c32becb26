// The one Content-Security-Policy builder and HTML document shell for every webview panel. Panels describe what
// they load (stylesheets, scripts, optional body) and get a complete document back, so no panel writes its own
// <meta http-equiv> or script tags.
//
// The policy: nothing by default; images, styles and fonts only from the webview's own resource origin (which
// `localResourceRoots` narrows further); scripts only with this document's nonce; never 'unsafe-eval'.
//
// Only `import type` from vscode: this module runs under plain mocha as well as in the extension.

import { randomBytes } from 'node:crypto';
import type { Uri, Webview } from 'vscode';

/** A fresh nonce for one document: 16 random bytes, base64 (a valid CSP nonce-source). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface CspOptions {
  /** `webview.cspSource`: the origin `asWebviewUri` URIs are served from. */
  readonly cspSource: string;
  readonly nonce: string;
  /**
   * Allow `style="…"` attributes. KaTeX positions every glyph with inline style attributes (`style="height:…"`),
   * and `style-src` governs those too, so math renders as a jumble without this. It is scoped with
   * `style-src-attr` to attributes only: `<style>` elements still need the nonce, and scripts are unaffected.
   */
  readonly allowStyleAttributes?: boolean;
  /**
   * Allow Web Workers started from `blob:` URLs. A webview's resources are served from another origin than the
   * document, and `new Worker(url)` must be same-origin, so an app fetches its worker bundle (`connect-src`, only
   * from the resource origin) and starts it from a blob. The worker inherits this policy: still no eval.
   */
  readonly allowWorkers?: boolean;
}

/** The policy string for the `<meta http-equiv="Content-Security-Policy">` tag. */
export function contentSecurityPolicy({ cspSource, nonce, allowStyleAttributes = false, allowWorkers = false }: CspOptions): string {
  const directives = [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    ...(allowStyleAttributes ? [`style-src-attr 'unsafe-inline'`] : []),
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    ...(allowWorkers ? [`worker-src blob:`, `connect-src ${cspSource}`] : []),
  ];
  return directives.join('; ') + ';';
}

/** What a panel's document holds; `Resource` is a URL string in the pure shell and a `Uri` for the host. */
export interface DocumentContent<Resource> {
  /** The document's <title> (the panel's tab title is set separately). */
  readonly title: string;
  /** Stylesheets, in cascade order. */
  readonly styles: readonly Resource[];
  /** Scripts, loaded in order at the end of <body>. */
  readonly scripts: readonly Resource[];
  /** Trusted HTML for <body> before the scripts: a placeholder the app replaces. Never learner input. */
  readonly body?: string;
  /** Attributes for <body>, e.g. `{ 'data-chapter-id': 'tokenization' }`; values are escaped. */
  readonly bodyAttributes?: Readonly<Record<string, string>>;
  /** CSS for one inline <style> block, which gets the nonce. */
  readonly inlineStyle?: string;
  /** See {@link CspOptions.allowStyleAttributes}. */
  readonly allowStyleAttributes?: boolean;
  /** See {@link CspOptions.allowWorkers}. */
  readonly allowWorkers?: boolean;
}

/** The pure input: resource URLs already converted with `asWebviewUri`. */
export interface DocumentShell extends CspOptions, DocumentContent<string> {}

/** The whole HTML document a panel assigns to `webview.html`. */
export function renderDocument(shell: DocumentShell): string {
  const { nonce } = shell;
  const attrs = Object.entries(shell.bodyAttributes ?? {})
    .map(([k, v]) => ` ${attributeName(k)}="${escapeHtml(v)}"`)
    .join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(shell))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    ...shell.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...(shell.inlineStyle ? [`<style nonce="${escapeHtml(nonce)}">${shell.inlineStyle}</style>`] : []),
    `<title>${escapeHtml(shell.title)}</title>`,
    '</head>',
    `<body${attrs}>`,
    shell.body ?? '',
    ...shell.scripts.map((src) => `<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(src)}"></script>`),
    '</body>',
    '</html>',
  ].join('\n');
}

export type WebviewDocument = DocumentContent<Uri>;

/** The host-side entry point: converts resource URIs for this webview and makes a fresh nonce. */
export function webviewDocument(webview: Pick<Webview, 'cspSource' | 'asWebviewUri'>, doc: WebviewDocument): string {
  return renderDocument({
    ...doc,
    cspSource: webview.cspSource,
    nonce: createNonce(),
    styles: doc.styles.map((u) => webview.asWebviewUri(u).toString()),
    scripts: doc.scripts.map((u) => webview.asWebviewUri(u).toString()),
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function attributeName(name: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`"${name}" is not a safe HTML attribute name`);
  return name;
}
