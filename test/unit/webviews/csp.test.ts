import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, renderDocument, webviewDocument } from '../../../src/webviews/csp';
import type { Uri } from 'vscode';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

/** The directives of a policy as a map from name to its source list. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d): [string, string[]] => {
        const [name = '', ...sources] = d.split(/\s+/);
        return [name, sources];
      }),
  );
}

function metaPolicy(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, `no CSP meta tag in:\n${html}`);
  return m[1]!.replace(/&#39;/g, "'");
}

describe('contentSecurityPolicy', () => {
  const nonce = 'abc123+/=';
  const policy = directives(contentSecurityPolicy({ cspSource, nonce }));

  it("starts from default-src 'none'", () => {
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
  });

  it('allows scripts only by nonce: no unsafe-eval, no unsafe-inline, no host sources', () => {
    assert.deepEqual(policy.get('script-src'), [`'nonce-${nonce}'`]);
    assert.doesNotMatch(contentSecurityPolicy({ cspSource, nonce, allowStyleAttributes: true }), /unsafe-eval/);
  });

  it('loads images, styles and fonts only from the webview resource origin (images also as data:)', () => {
    assert.deepEqual(policy.get('img-src'), [cspSource, 'data:']);
    assert.deepEqual(policy.get('style-src'), [cspSource, `'nonce-${nonce}'`]);
    assert.deepEqual(policy.get('font-src'), [cspSource]);
  });

  it('allows inline style attributes only when asked, and then only attributes (style-src-attr)', () => {
    assert.equal(policy.get('style-src-attr'), undefined);
    const withAttrs = directives(contentSecurityPolicy({ cspSource, nonce, allowStyleAttributes: true }));
    assert.deepEqual(withAttrs.get('style-src-attr'), ["'unsafe-inline'"]);
    assert.ok(!withAttrs.get('style-src')!.includes("'unsafe-inline'"), '<style> elements must still need the nonce');
  });

  it('allows workers only when asked: from blob: URLs, fetched from the resource origin, still without eval', () => {
    assert.equal(policy.get('worker-src'), undefined);
    assert.equal(policy.get('connect-src'), undefined);
    const withWorkers = directives(contentSecurityPolicy({ cspSource, nonce, allowWorkers: true }));
    assert.deepEqual(withWorkers.get('worker-src'), ['blob:']);
    assert.deepEqual(withWorkers.get('connect-src'), [cspSource]);
    assert.deepEqual(withWorkers.get('script-src'), [`'nonce-${nonce}'`]);
  });
});

describe('renderDocument', () => {
  const nonce = createNonce();
  const html = renderDocument({
    cspSource,
    nonce,
    title: 'Lesson 1: <Neural networks>',
    styles: [`${cspSource}/dist/katex/katex.min.css`],
    scripts: [`${cspSource}/dist/webviews/a.js`, `${cspSource}/dist/webviews/b.js`],
    body: '<main id="lesson"></main>',
    bodyAttributes: { 'data-chapter-id': 'x"><script>' },
    inlineStyle: 'main { color: red }',
  });

  it('puts the policy in a meta tag in <head>, before any stylesheet or script', () => {
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(meta > 0 && meta < html.indexOf('<link') && meta < html.indexOf('<script'), html);
    assert.match(metaPolicy(html), new RegExp(`script-src 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'`));
  });

  it('gives every script and inline style element the nonce', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 2);
    for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`), `script without nonce: ${s}`);
    assert.match(html, new RegExp(`<style nonce="${nonce.replace(/[+/=]/g, '\\$&')}">`));
  });

  it('links the stylesheets and escapes the title and body attributes', () => {
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/dist\/katex\/katex\.min\.css">/);
    assert.match(html, /<title>Lesson 1: &#60;Neural networks&#62;<\/title>/);
    assert.match(html, /<body data-chapter-id="x&#34;&#62;&#60;script&#62;">/);
  });

  it('refuses an unsafe attribute name', () => {
    assert.throws(
      () => renderDocument({ cspSource, nonce, title: '', styles: [], scripts: [], bodyAttributes: { 'onload=alert(1) x': '' } }),
      /not a safe HTML attribute name/,
    );
  });
});

describe('createNonce', () => {
  it('is base64 of 16 random bytes and differs each time', () => {
    const a = createNonce();
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(a, createNonce());
  });
});

describe('webviewDocument', () => {
  it('converts resource URIs with the webview and uses a fresh nonce per document', () => {
    // The only vscode things it touches are cspSource and asWebviewUri; a plain object stands in for both.
    const webview = {
      cspSource,
      asWebviewUri: (u: { path: string }) => ({ toString: () => `${cspSource}${u.path}` }),
    } as unknown as Parameters<typeof webviewDocument>[0];
    const uri = (path: string) => ({ path }) as unknown as Uri;
    const doc = { title: 't', styles: [uri('/ext/dist/s.css')], scripts: [uri('/ext/dist/w.js')] };
    const first = webviewDocument(webview, doc);
    assert.match(first, new RegExp(`<script nonce="[^"]+" src="${cspSource.replace(/[.+]/g, '\\$&')}/ext/dist/w\\.js">`));
    const nonceOf = (html: string) => /script-src 'nonce-([^']+)'/.exec(metaPolicy(html))?.[1];
    assert.notEqual(nonceOf(first), nonceOf(webviewDocument(webview, doc)));
  });
});
