// Renders a chapter's lesson markdown to the HTML the lesson webview shows. Pure: no VS Code, so the same renderer
// runs in the extension and in unit tests (which also lint every lesson's links).
//
// - Raw HTML in the markdown is escaped (markdown-it `html: false`): lessons can only produce what markdown can.
// - `$…$` and `$$…$$` become KaTeX HTML (with MathML for screen readers); the webview loads katex.min.css.
// - Course links become `command:` URIs the webview may run (it allows exactly our command ids):
//     [text](exercise:<exercise-id>)  -> llmFoundations.openExercise <exercise-id>
//     [text](lesson:<chapter-id>)     -> llmFoundations.openLesson <chapter-id>
//     [text](visualizer:<name>)       -> llmFoundations.openVisualizer.<name>, or "(coming soon)" text if it does not exist
//   A link to an id the course lacks renders as a visibly broken link whose title says why, and is reported in
//   `problems`. http(s), mailto and #heading links stay ordinary links; anything else (relative paths, raw
//   `command:` links) is reported as broken, since it could not work inside the webview.
// Left out: syntax highlighting, images other than data: URIs (the webview only loads files from dist/).

import MarkdownIt from 'markdown-it';
import markdownItKatex from '@vscode/markdown-it-katex';
import type { MarkdownKatexOptions } from '@vscode/markdown-it-katex';
import type { KatexOptions } from 'katex';
import { CommandId } from '../commands/ids';

/** What the renderer asks of the course to validate links. `CourseIndex` fits the first two as is. */
export interface LessonLinkLookup {
  /** The exercise with this id, or undefined if the course has none. */
  exercise(id: string): { readonly title: string; readonly comingSoon?: boolean } | undefined;
  /** The chapter with this id, or undefined if the course has none. */
  chapter(id: string): { readonly title: string; readonly number: number } | undefined;
  /** Whether the command `llmFoundations.openVisualizer.<name>` exists. */
  hasVisualizer(name: string): boolean;
}

export interface OutlineEntry {
  /** 1 for `#`, 2 for `##`, … */
  readonly level: number;
  readonly text: string;
  /** The heading's `id` attribute, so `#<id>` links to it. */
  readonly id: string;
}

export interface RenderedLesson {
  readonly html: string;
  /** Plain text of the first level-1 heading, if there is one. */
  readonly title: string | undefined;
  readonly outline: readonly OutlineEntry[];
  /** Broken links and math that failed to parse, one sentence each, in document order. */
  readonly problems: readonly string[];
}

export const VISUALIZER_COMMAND_PREFIX = 'llmFoundations.openVisualizer.';
const VISUALIZER_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

/** The command a `visualizer:<name>` link runs. */
export function visualizerCommand(name: string): string {
  return VISUALIZER_COMMAND_PREFIX + name;
}

/** A `command:` URI in the format VS Code webviews and markdown use: the arguments as URL-encoded JSON array. */
export function commandUri(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** Renders lesson markdown. `lookup` decides which course links are valid. */
export function renderLesson(markdown: string, lookup: LessonLinkLookup): RenderedLesson {
  const env: RenderEnv = { lookup, problems: [], outline: [] };
  const html = markdownIt.render(markdown, env);
  const title = env.outline.find((h) => h.level === 1)?.text;
  return { html, title, outline: env.outline, problems: env.problems };
}

// ---- markdown-it setup ------------------------------------------------------------------------------------------

interface RenderEnv {
  readonly lookup: LessonLinkLookup;
  readonly problems: string[];
  readonly outline: OutlineEntry[];
}

type Token = MarkdownIt.Token;
type TokenConstructor = new (type: string, tag: string, nesting: MarkdownIt.Token.Nesting) => Token;

/** Stateless configuration: everything a render needs travels in its `env`, so one instance serves all calls. */
const markdownIt = createMarkdownIt();

function createMarkdownIt(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  // The plugin spreads its options into KaTeX's; strict 'ignore' keeps KaTeX's style warnings out of the host's
  // console, and trust stays false so \href, \htmlStyle and friends are refused.
  const katexOptions: MarkdownKatexOptions & KatexOptions = { strict: 'ignore', trust: false };
  md.use(markdownItKatex, katexOptions);
  reportMathErrors(md);
  md.core.ruler.push('llm_foundations_lesson', (state) => {
    // markdown-it types `env` as any; renderLesson always passes a RenderEnv.
    const env = state.env as RenderEnv;
    annotateHeadings(state.tokens, env);
    for (const t of state.tokens) {
      if (t.type === 'inline' && t.children) t.children = rewriteLinks(t.children, state.Token, env);
    }
  });
  return md;
}

/** The KaTeX plugin renders parse errors in place (a red span); also list them, so a lesson lint can fail on them. */
function reportMathErrors(md: MarkdownIt): void {
  for (const rule of ['math_inline', 'math_block', 'math_inline_block']) {
    const render = md.renderer.rules[rule];
    if (!render) continue;
    md.renderer.rules[rule] = (tokens, idx, options, env: RenderEnv, self) => {
      const out = render(tokens, idx, options, env, self);
      if (/^<(span|p) class="(katex-block )?katex-error"/.test(out)) {
        env.problems.push(`math "${tokens[idx]?.content.trim()}" does not parse`);
      }
      return out;
    };
  }
}

// ---- headings ---------------------------------------------------------------------------------------------------

function annotateHeadings(tokens: Token[], env: RenderEnv): void {
  const used = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const text = plainText(tokens[i + 1]?.children ?? []);
    const base = slugify(text) || 'section';
    let id = base;
    for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    t.attrSet('id', id);
    env.outline.push({ level: Number(t.tag.slice(1)), text, id });
  });
}

function plainText(children: readonly Token[]): string {
  return children
    .map((c) => (c.type === 'text' || c.type === 'code_inline' || c.type === 'math_inline' ? c.content : ''))
    .join('')
    .trim();
}

/** `Softmax & cross-entropy` -> `softmax-cross-entropy` (GitHub-like, so authors can guess anchors). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/[\s-]+/g, '-');
}

// ---- links ------------------------------------------------------------------------------------------------------

type LinkPlan =
  | { readonly kind: 'keep' }
  | { readonly kind: 'command'; readonly href: string; readonly title: string }
  | { readonly kind: 'comingSoon'; readonly title: string }
  | { readonly kind: 'broken'; readonly title: string };

const ORDINARY_LINK = /^(https?:|mailto:|#)/i;

function planLink(href: string, env: RenderEnv): LinkPlan {
  if (ORDINARY_LINK.test(href)) return { kind: 'keep' };
  const colon = href.indexOf(':');
  const scheme = colon > 0 ? href.slice(0, colon).toLowerCase() : '';
  const target = safeDecode(href.slice(colon + 1));
  switch (scheme) {
    case 'exercise': {
      const e = env.lookup.exercise(target);
      if (!e) return { kind: 'broken', title: `There is no exercise "${target}" in this course.` };
      const soon = e.comingSoon ? ' (coming soon)' : '';
      return { kind: 'command', href: commandUri(CommandId.OpenExercise, [target]), title: `Open exercise: ${e.title}${soon}` };
    }
    case 'lesson': {
      const c = env.lookup.chapter(target);
      if (!c) return { kind: 'broken', title: `There is no chapter "${target}" in this course.` };
      return { kind: 'command', href: commandUri(CommandId.OpenLesson, [target]), title: `Open lesson ${c.number}: ${c.title}` };
    }
    case 'visualizer': {
      if (!VISUALIZER_NAME.test(target)) return { kind: 'broken', title: `"${target}" is not a valid visualizer name.` };
      if (!env.lookup.hasVisualizer(target)) return { kind: 'comingSoon', title: `The ${target} visualizer is coming soon.` };
      return { kind: 'command', href: commandUri(visualizerCommand(target), []), title: `Open the ${target} visualizer` };
    }
    default:
      return {
        kind: 'broken',
        title: `The link "${href}" cannot work in a lesson: use exercise:, lesson:, visualizer:, #heading or https: links.`,
      };
  }
}

/** Rewrites course links in one inline token's children; returns the (possibly longer) list. */
function rewriteLinks(children: Token[], TokenClass: TokenConstructor, env: RenderEnv): Token[] {
  const out: Token[] = [];
  let closing: LinkPlan = { kind: 'keep' };
  for (const t of children) {
    if (t.type === 'link_open') {
      const plan = planLink(t.attrGet('href') ?? '', env);
      closing = plan;
      applyPlan(t, plan, env);
      out.push(t);
    } else if (t.type === 'link_close') {
      if (closing.kind !== 'keep') t.tag = closing.kind === 'comingSoon' ? 'span' : 'a';
      out.push(t);
      if (closing.kind === 'comingSoon') out.push(...marker(TokenClass, 'lf-coming-soon-marker', ' (coming soon)'));
      if (closing.kind === 'broken') out.push(...marker(TokenClass, 'lf-broken-marker', ' (broken link)'));
      closing = { kind: 'keep' };
    } else {
      out.push(t);
    }
  }
  return out;
}

function applyPlan(t: Token, plan: LinkPlan, env: RenderEnv): void {
  switch (plan.kind) {
    case 'keep':
      return;
    case 'command':
      t.attrs = [
        ['href', plan.href],
        ['class', 'lf-command-link'],
        ['title', plan.title],
      ];
      return;
    case 'comingSoon':
      t.tag = 'span';
      t.attrs = [
        ['class', 'lf-coming-soon'],
        ['title', plan.title],
      ];
      return;
    case 'broken':
      env.problems.push(`broken link "${t.attrGet('href') ?? ''}": ${plan.title}`);
      // No href: nothing to click. aria-disabled + tabindex keep it announced and reachable with the keyboard.
      t.attrs = [
        ['class', 'lf-broken-link'],
        ['title', plan.title],
        ['aria-disabled', 'true'],
        ['tabindex', '0'],
      ];
      return;
  }
}

function marker(TokenClass: TokenConstructor, className: string, text: string): Token[] {
  const open = new TokenClass('span_open', 'span', 1);
  open.attrSet('class', className);
  const content = new TokenClass('text', '', 0);
  content.content = text;
  return [open, content, new TokenClass('span_close', 'span', -1)];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
