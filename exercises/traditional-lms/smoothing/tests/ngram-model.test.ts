// Hidden tests for traditional-lms/smoothing. Tolerance: 1e-6 relative+absolute on every probability and sum.
// The worked corpus (also in task.md) is
//   the cat sat / the cat ran / a dog sat
// so V = {the, cat, sat, ran, a, dog, </s>, <unk>}, |V| = 8, and for bigrams count(the) = 2, count(the, cat) = 2,
// count(cat) = 2, count(cat, sat) = 1, count(sat) = 2, count(sat, </s>) = 2, count(<s>) = 3, count(<s>, the) = 2.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/ngram-model';
import { assertClose, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('ngram-model.ts', ['NGramModel']);
type Model = InstanceType<typeof Sol.NGramModel>;

const CORPUS = [
  ['the', 'cat', 'sat'],
  ['the', 'cat', 'ran'],
  ['a', 'dog', 'sat'],
];
const V8 = ['</s>', '<unk>', 'a', 'cat', 'dog', 'ran', 'sat', 'the'];

/**
 * An independent reference: every padded n-gram counted as one string key; count(ctx) summed from the n-gram
 * counts at query time.
 */
class RefModel {
  readonly vocab: Set<string>;
  readonly grams = new Map<string, number>();
  readonly contexts = new Set<string>();
  constructor(
    readonly n: number,
    readonly k: number,
    sentences: string[][],
  ) {
    this.vocab = new Set<string>(['</s>', '<unk>']);
    for (const s of sentences) for (const w of s) this.vocab.add(w);
    for (const s of sentences) {
      const p: string[] = [];
      for (let i = 0; i < n - 1; i++) p.push('<s>');
      p.push(...s, '</s>');
      for (let i = 0; i + n <= p.length; i++) {
        const g = JSON.stringify(p.slice(i, i + n));
        this.grams.set(g, (this.grams.get(g) ?? 0) + 1);
        this.contexts.add(JSON.stringify(p.slice(i, i + n - 1)));
      }
    }
  }
  ctx(context: string[]): string[] {
    const out: string[] = [];
    for (let j = context.length - this.n + 1; j < context.length; j++) {
      const t = j < 0 ? '<s>' : context[j];
      out.push(t === '<s>' || this.vocab.has(t) ? t : '<unk>');
    }
    return out;
  }
  count(ctx: string[], w: string): number {
    return this.grams.get(JSON.stringify([...ctx, w])) ?? 0;
  }
  total(ctx: string[]): number {
    let t = 0;
    for (const w of this.vocab) t += this.count(ctx, w);
    return t;
  }
  prob(word: string, context: string[]): number {
    const w = this.vocab.has(word) ? word : '<unk>';
    const ctx = this.ctx(context);
    const den = this.total(ctx) + this.k * this.vocab.size;
    return den === 0 ? 0 : (this.count(ctx, w) + this.k) / den;
  }
  seenContexts(): string[][] {
    return [...this.contexts].map((c) => JSON.parse(c) as string[]);
  }
}

const show = (x: unknown) => JSON.stringify(x);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * (1 + Math.abs(b));
const fit = (n: number, k: number | undefined, sentences: string[][]): Model => {
  const { NGramModel } = load();
  const m = k === undefined ? new NGramModel(n) : new NGramModel(n, k);
  // The contract does not say fit and prob leave their arguments unchanged, so they get copies: padding in place
  // is not penalized (the shared CORPUS would otherwise change under later tests).
  m.fit(sentences.map((s) => [...s]));
  const prob = m.prob.bind(m);
  m.prob = (word: string, context: string[]) => prob(word, Array.isArray(context) ? [...context] : context);
  return m;
};

/** Checks one probability against the reference, naming the classic mistakes when the value fits one of them. */
function checkProb(m: Model, ref: RefModel, word: string, context: string[]): void {
  const got = m.prob(word, context);
  const want = ref.prob(word, context);
  const what = `new NGramModel(${ref.n}, ${ref.k}) .prob(${show(word)}, ${show(context)})`;
  if (typeof got === 'number' && !close(got, want)) {
    const ctx = ref.ctx(context);
    const c = ref.count(ctx, ref.vocab.has(word) ? word : '<unk>');
    const total = ref.total(ctx);
    const V = ref.vocab.size;
    const k = ref.k;
    const fingerprints: Array<[string, number, string]> = [
      ["'<s>' counted in V", (c + k) / (total + k * (V + 1)), `'<s>' is context only — it is never predicted — so it is not in the vocabulary: |V| = ${V} here, not ${V + 1}.`],
      ["forgot '</s>' or '<unk>' in V", (c + k) / (total + k * (V - 1)), `V is every training word plus '</s>' and '<unk>' (|V| = ${V} here): both can be predicted, so both get their k.`],
      ["forgot '</s>' and '<unk>' in V", (c + k) / (total + k * (V - 2)), `V is every training word plus '</s>' and '<unk>' (|V| = ${V} here): both can be predicted, so both get their k.`],
      ['denominator without k·|V|', (c + k) / total, `adding k to each of the |V| counts adds k·|V| to their total: P = (count(ctx, w) + k) / (count(ctx) + k·|V|). Without it the probabilities sum to more than 1.`],
    ];
    for (const [name, value, why] of fingerprints) {
      if (Number.isFinite(value) && close(got, value)) {
        throw misconception(name, `${what} returned ${got}, expected ${want} = (${c} + ${k}) / (${total} + ${k}·${V}). ${why}`, { expected: want, actual: got });
      }
    }
  }
  assertClose(got, want, { what });
}

/** Σ over V of prob(w, context) must be 1. */
function checkSum(m: Model, ref: RefModel, context: string[]): void {
  let sum = 0;
  for (const w of ref.vocab) sum += m.prob(w, context);
  if (!close(sum, 1)) {
    assert.fail(
      `new NGramModel(${ref.n}, ${ref.k}): the probabilities of the ${ref.vocab.size} words of V after the context ${show(context)} sum to ${sum}, not 1. ` +
        `Every word of V (including '</s>' and '<unk>', never '<s>') must get (count(ctx, w) + k) / (count(ctx) + k·|V|), with count(ctx) the number of times ctx was followed by anything.`,
    );
  }
}

function randomCorpus(rand: () => number, words: string[], sentences: number, maxLen: number): string[][] {
  // Zipf-like: low indices are more frequent, so some n-grams repeat and many never occur.
  const pick = () => words[Math.floor(words.length * rand() * rand())];
  return Array.from({ length: sentences }, () => Array.from({ length: Math.floor(rand() * (maxLen + 1)) }, pick));
}

describe('traditional-lms/smoothing: vocabulary', () => {
  it("V is every training word plus '</s>' and '<unk>', without '<s>'", () => {
    const m = fit(2, 1, CORPUS);
    assert.ok(m.vocab instanceof Set, `vocab should be a Set<string>, got ${show(m.vocab)}`);
    const got = [...m.vocab].sort();
    if (m.vocab.has('<s>')) {
      throw misconception("'<s>' counted in V", `vocab is ${show(got)}. '<s>' only ever appears as context — a model never predicts the start of a sentence — so it is not in V.`, { expected: V8, actual: got });
    }
    for (const marker of ['</s>', '<unk>']) {
      if (!m.vocab.has(marker)) {
        throw misconception(`forgot '${marker}' in V`, `vocab is ${show(got)}. V holds every training word plus '</s>' (the model predicts where a sentence ends) and '<unk>' (the stand-in for every unseen word).`, { expected: V8, actual: got });
      }
    }
    assert.deepEqual(got, V8, `vocab (sorted): expected ${show(V8)}, got ${show(got)}`);
    assert.equal(fit(3, 0.5, CORPUS).vocab.size, 8, 'the vocabulary does not depend on n or k: a trigram model on the same corpus has |V| = 8 too');
  });
});

describe('traditional-lms/smoothing: probabilities', () => {
  it('bigram add-1 values by hand: P(cat|the) = 3/10, P(dog|the) = 1/10, P(the|<s>) = 3/11, P(</s>|sat) = 3/10', () => {
    const m = fit(2, undefined, CORPUS); // k defaults to 1
    const ref = new RefModel(2, 1, CORPUS);
    checkProb(m, ref, 'cat', ['the']); // (2 + 1) / (2 + 8)
    checkProb(m, ref, 'dog', ['the']); // (0 + 1) / (2 + 8)
    checkProb(m, ref, 'sat', ['cat']); // (1 + 1) / (2 + 8)
    checkProb(m, ref, '</s>', ['sat']); // (2 + 1) / (2 + 8)
    checkProb(m, ref, 'the', []); // context [] -> ['<s>']: (2 + 1) / (3 + 8)
    assertClose(m.prob('the', []), 3 / 11, { what: "prob('the', []) with k defaulting to 1" });
    assertClose(m.prob('cat', ['the']), 0.3, { what: "prob('cat', ['the'])" });
  });

  it('k = 0.5 and k = 0 (MLE; an unseen context gives 0, not NaN)', () => {
    const half = fit(2, 0.5, CORPUS);
    checkProb(half, new RefModel(2, 0.5, CORPUS), 'cat', ['the']); // 2.5 / 6
    checkProb(half, new RefModel(2, 0.5, CORPUS), 'ran', ['cat']); // 1.5 / 6
    const mle = fit(2, 0, CORPUS);
    const ref = new RefModel(2, 0, CORPUS);
    assertClose(mle.prob('cat', ['the']), 1, { what: "MLE prob('cat', ['the'])" });
    assertClose(mle.prob('sat', ['cat']), 0.5, { what: "MLE prob('sat', ['cat'])" });
    assertClose(mle.prob('dog', ['the']), 0, { what: "MLE prob('dog', ['the']) (never seen)" });
    const unseen = mle.prob('cat', ['</s>']);
    assert.ok(!Number.isNaN(unseen), "MLE prob('cat', ['</s>']): the context '</s>' never occurs, so count(ctx) = 0 and k·|V| = 0; return 0 instead of 0 / 0 = NaN");
    assertClose(unseen, 0, { what: "MLE prob('cat', ['</s>']) after an unseen context" });
    checkProb(mle, ref, 'the', []);
  });

  it("trigrams: only the last n − 1 = 2 context words count, and a short context is left-padded with '<s>'", () => {
    const m = fit(3, 1, CORPUS);
    const ref = new RefModel(3, 1, CORPUS);
    const long = m.prob('sat', ['a', 'dog', 'the', 'cat']);
    const want = ref.prob('sat', ['the', 'cat']); // (1 + 1) / (2 + 8) = 0.2
    if (!close(long, want)) {
      if (close(long, 1 / 8) || close(long, 0)) {
        throw misconception(
          'context not truncated to n−1 tokens',
          `prob('sat', ['a', 'dog', 'the', 'cat']) in a trigram model returned ${long}, as if that whole context had never been seen; expected ${want}, the same as prob('sat', ['the', 'cat']). A trigram model looks at the last n − 1 = 2 words only: context.slice(-(n - 1)).`,
          { expected: want, actual: long },
        );
      }
    }
    checkProb(m, ref, 'sat', ['a', 'dog', 'the', 'cat']);
    const short = m.prob('cat', ['the']);
    const padded = ref.prob('cat', ['<s>', 'the']); // (2 + 1) / (2 + 8) = 0.3
    if (!close(short, padded) && close(short, 1 / 8)) {
      throw misconception(
        "short context not left-padded with '<s>'",
        `prob('cat', ['the']) in a trigram model returned ${short}; expected ${padded}, the same as prob('cat', ['<s>', 'the']). A context shorter than n − 1 words is the start of a sentence: pad it on the left with '<s>' as training did.`,
        { expected: padded, actual: short },
      );
    }
    checkProb(m, ref, 'cat', ['the']);
    checkProb(m, ref, 'the', []); // ['<s>', '<s>']: (2 + 1) / (3 + 8)
    checkProb(m, ref, 'cat', ['<s>', 'the']);
    checkProb(m, ref, '</s>', ['dog', 'sat']); // (1 + 1) / (1 + 8)
  });

  it("n = 1 ignores the context: P(w) = (count(w) + k) / (N + k·|V|), '</s>' counted in N", () => {
    const m = fit(1, 1, CORPUS);
    const ref = new RefModel(1, 1, CORPUS);
    checkProb(m, ref, 'the', []); // (2 + 1) / (12 + 8)
    checkProb(m, ref, '</s>', ['the', 'cat']); // (3 + 1) / (12 + 8)
    checkProb(m, ref, 'zebra', ['a']); // '<unk>': (0 + 1) / (12 + 8)
  });

  it("unseen words map to '<unk>', as the predicted word and in the context (training text that already has '<unk>')", () => {
    // Like the Penn Treebank, this text already replaced its rare words by '<unk>': V = {the, <unk>, sat, a, ran,
    // cat, </s>}, |V| = 7, count(the) = 2, count(the, <unk>) = 1, count(<unk>) = 2, count(<unk>, sat) = 1.
    const corpus = [
      ['the', '<unk>', 'sat'],
      ['a', '<unk>', 'ran'],
      ['the', 'cat', 'sat'],
    ];
    const m = fit(2, 1, corpus);
    const ref = new RefModel(2, 1, corpus);
    const word = m.prob('zebra', ['the']);
    if (close(word, 1 / 9)) {
      throw misconception("unseen word not mapped to '<unk>'", `prob('zebra', ['the']) returned 1/9: 'zebra' was counted as itself (never seen). A word outside V is read as '<unk>', so it gets P('<unk>' | the) = (1 + 1) / (2 + 7) = 2/9.`, { expected: 2 / 9, actual: word });
    }
    checkProb(m, ref, 'zebra', ['the']); // = P(<unk> | the) = 2/9
    const ctx = m.prob('sat', ['zebra']);
    if (close(ctx, 1 / 7)) {
      throw misconception("unseen context word not mapped to '<unk>'", `prob('sat', ['zebra']) returned 1/7, the answer for a context never seen. A context word outside V is read as '<unk>' too, so this is P(sat | <unk>) = (1 + 1) / (2 + 7) = 2/9.`, { expected: 2 / 9, actual: ctx });
    }
    checkProb(m, ref, 'sat', ['zebra']); // = P(sat | <unk>) = 2/9
    checkProb(m, ref, 'unicorn', ['zebra']); // = P(<unk> | <unk>) = 1/9
    checkProb(m, ref, '<unk>', ['cat']);
  });
});

describe('traditional-lms/smoothing: normalization', () => {
  it('for every context seen in training, and some unseen ones, the probabilities over V sum to 1 (n = 1..4, k > 0)', () => {
    const rand = seededRandom(7);
    const words = ['the', 'of', 'and', 'to', 'a', 'in', 'she', 'was', 'her', 'not', 'be', 'it'];
    for (const n of [1, 2, 3, 4]) {
      for (const k of [1, 0.5, 0.01]) {
        const corpus = randomCorpus(rand, words, 25, 7);
        const m = fit(n, k, corpus);
        const ref = new RefModel(n, k, corpus);
        const unseen = [['zebra'], ['</s>', 'the', 'of'], ['<unk>', '<unk>', '<unk>'], []];
        for (const ctx of [...ref.seenContexts(), ...unseen]) checkSum(m, ref, ctx);
      }
    }
  });

  it('with k = 0 (MLE) the probabilities over V sum to 1 after every seen context', () => {
    const rand = seededRandom(8);
    const words = ['ah', 'be', 'ce', 'de', 'ef', 'ge'];
    for (const n of [1, 2, 3]) {
      const corpus = randomCorpus(rand, words, 30, 6);
      const m = fit(n, 0, corpus);
      const ref = new RefModel(n, 0, corpus);
      for (const ctx of ref.seenContexts()) checkSum(m, ref, ctx);
    }
  });
});

describe('traditional-lms/smoothing: random corpora', () => {
  it('matches an independent reference on seeded random corpora (n = 1..4, k in {0, 0.1, 1, 2.5}, unseen words and contexts)', () => {
    const rand = seededRandom(99);
    const words = ['elinor', 'marianne', 'said', 'the', 'a', 'of', 'and', 'very', 'much', 'not', 'was', 'her', 'sister'];
    const strangers = ['zebra', 'quark', '<unk>', '</s>', '<s>'];
    for (let trial = 0; trial < 16; trial++) {
      const n = 1 + (trial % 4);
      const k = [0, 0.1, 1, 2.5][Math.floor(trial / 4)];
      const corpus = randomCorpus(rand, words, 20 + Math.floor(rand() * 20), 8);
      const m = fit(n, k, corpus);
      const ref = new RefModel(n, k, corpus);
      const any = () => (rand() < 0.85 ? words[Math.floor(rand() * words.length)] : strangers[Math.floor(rand() * strangers.length)]);
      for (let q = 0; q < 60; q++) {
        const ctx = Array.from({ length: Math.floor(rand() * (n + 2)) }, any).filter((t, i) => t !== '<s>' || i === 0);
        const word = any();
        if (word === '<s>') continue; // '<s>' is never predicted: outside the contract as a word
        checkProb(m, ref, word, ctx);
      }
    }
  });
});
