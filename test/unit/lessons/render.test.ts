import * as assert from 'node:assert/strict';
import { commandUri, renderLesson, slugify, visualizerCommand } from '../../../src/lessons/render';
import type { LessonLinkLookup } from '../../../src/lessons/render';

const lookup: LessonLinkLookup = {
  exercise: (id) => (id === 'neural-networks/matrix-ops' ? { title: 'Matrix operations', comingSoon: false } : undefined),
  chapter: (id) => (id === 'tokenization' ? { title: 'Tokenization', number: 3 } : undefined),
  hasVisualizer: (name) => name === 'attention',
};

function render(md: string) {
  return renderLesson(md, lookup);
}

/** The decoded JSON arguments of the first `command:` href in `html` for `command`. */
function commandArgs(html: string, command: string): unknown {
  const m = new RegExp(`href="command:${command.replace(/\./g, '\\.')}\\?([^"]*)"`).exec(html);
  assert.ok(m, `expected a command:${command} link in:\n${html}`);
  return JSON.parse(decodeURIComponent(m[1]!.replace(/&amp;/g, '&')));
}

describe('renderLesson', () => {
  describe('math', () => {
    it('renders inline $…$ math with KaTeX, keeping MathML for screen readers', () => {
      const { html } = render('The loss is $-\\log p$.');
      assert.match(html, /<span class="katex">/);
      assert.match(html, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/);
      assert.doesNotMatch(html, /\$-\\log p\$/, 'the $ delimiters should be consumed');
    });

    it('renders $$…$$ as display math', () => {
      const { html } = render('$$\n\\sum_i x_i^2\n$$');
      assert.match(html, /<p class="katex-block"><span class="katex-display">/);
    });

    it('reports math that does not parse and shows the error in place', () => {
      const { html, problems } = render('Oops $\\frac{1}{$ here.');
      assert.match(html, /class="katex-error"/);
      assert.deepEqual(problems, ['math "\\frac{1}{" does not parse']);
    });

    it('refuses KaTeX commands that need trust (\\href)', () => {
      const { html } = render('$\\href{javascript:alert(1)}{x}$');
      assert.doesNotMatch(html, /href="javascript:/);
    });
  });

  describe('course links', () => {
    it('turns exercise: links into openExercise command URIs with the id as JSON argument', () => {
      const { html, problems } = render('[Try it](exercise:neural-networks/matrix-ops)');
      assert.deepEqual(commandArgs(html, 'llmFoundations.openExercise'), ['neural-networks/matrix-ops']);
      assert.match(html, /title="Open exercise: Matrix operations"/);
      assert.match(html, />Try it<\/a>/);
      assert.deepEqual(problems, []);
    });

    it('turns lesson: links into openLesson command URIs', () => {
      const { html } = render('See [tokenization](lesson:tokenization).');
      assert.deepEqual(commandArgs(html, 'llmFoundations.openLesson'), ['tokenization']);
      assert.match(html, /title="Open lesson 3: Tokenization"/);
    });

    it('turns visualizer: links into the visualizer command when it exists', () => {
      const { html } = render('[Watch attention](visualizer:attention)');
      assert.deepEqual(commandArgs(html, visualizerCommand('attention')), []);
    });

    it('renders a visualizer that does not exist yet as text marked "(coming soon)", not a link', () => {
      const { html, problems } = render('[Embedding space](visualizer:embeddings)');
      assert.doesNotMatch(html, /command:/);
      assert.match(html, /<span class="lf-coming-soon" title="[^"]*">Embedding space<\/span><span class="lf-coming-soon-marker"> \(coming soon\)<\/span>/);
      assert.deepEqual(problems, [], 'a planned visualizer is not a broken link');
    });

    it('renders an unknown exercise id as a visibly broken link with an explaining title, and reports it', () => {
      const { html, problems } = render('[Gone](exercise:neural-networks/nope)');
      assert.doesNotMatch(html, /href=/);
      assert.match(html, /<a class="lf-broken-link" title="There is no exercise &quot;neural-networks\/nope&quot; in this course\."/);
      assert.match(html, /lf-broken-marker/);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /exercise:neural-networks\/nope/);
    });

    it('renders an unknown chapter id as a broken link', () => {
      const { html, problems } = render('[Old](lesson:rnns)');
      assert.match(html, /class="lf-broken-link" title="There is no chapter &quot;rnns&quot; in this course\."/);
      assert.equal(problems.length, 1);
    });

    it('keeps http(s), mailto and #heading links as ordinary links', () => {
      const { html, problems } = render('[paper](https://arxiv.org/abs/1706.03762) [me](mailto:a@b.c) [up](#intro)');
      assert.match(html, /<a href="https:\/\/arxiv\.org\/abs\/1706\.03762">paper<\/a>/);
      assert.match(html, /<a href="mailto:a@b\.c">me<\/a>/);
      assert.match(html, /<a href="#intro">up<\/a>/);
      assert.deepEqual(problems, []);
    });

    it('does not let lesson markdown write raw command: links or relative links', () => {
      const { html, problems } = render('[x](command:workbench.action.terminal.new) [y](../notes.md)');
      assert.doesNotMatch(html, /href=/);
      assert.equal(problems.length, 2, problems.join('\n'));
    });
  });

  describe('no raw HTML', () => {
    it('escapes a script tag written in markdown', () => {
      const { html } = render('Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /<img/i);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    });

    it('drops javascript: links', () => {
      const { html } = render('[click](javascript:alert(1))');
      assert.doesNotMatch(html, /href="javascript:/i);
    });

    it('escapes quotes in ids so they cannot break out of the title attribute', () => {
      const { html } = render('[x](exercise:a%22onmouseover=%22alert(1))');
      assert.doesNotMatch(html, /" onmouseover=/);
      assert.doesNotMatch(html, /\sonmouseover="/);
    });
  });

  describe('title and outline', () => {
    it('returns the first h1 as title and every heading with a unique anchor id', () => {
      const { title, outline, html } = render('# Tokenization\n\n## Why `bytes`?\n\n## Merges\n\n### Merges\n\n# Another');
      assert.equal(title, 'Tokenization');
      assert.deepEqual(outline, [
        { level: 1, text: 'Tokenization', id: 'tokenization' },
        { level: 2, text: 'Why bytes?', id: 'why-bytes' },
        { level: 2, text: 'Merges', id: 'merges' },
        { level: 3, text: 'Merges', id: 'merges-1' },
        { level: 1, text: 'Another', id: 'another' },
      ]);
      assert.match(html, /<h2 id="why-bytes">/);
    });

    it('has no title when the lesson has no h1', () => {
      assert.equal(render('## Only a section').title, undefined);
    });

    it('slugifies like GitHub', () => {
      assert.equal(slugify('Softmax & Cross-Entropy'), 'softmax-cross-entropy');
      assert.equal(slugify('Kneser–Ney smoothing'), 'kneserney-smoothing');
    });
  });

  it('commandUri encodes arguments as a URL-encoded JSON array', () => {
    assert.equal(commandUri('a.b', ['x/y z']), 'command:a.b?%5B%22x%2Fy%20z%22%5D');
  });
});
