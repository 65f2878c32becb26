// Hidden tests for traditional-lms/kneser-ney. Tolerance: 1e-6 relative+absolute on probabilities and sums.
//
// The worked corpus (task.md) is  the cat sat / the cat ran / a dog sat. Its padded bigram types, with counts:
//   (<s>,the) 2  (the,cat) 2  (cat,sat) 1  (sat,</s>) 2  (cat,ran) 1  (ran,</s>) 1  (<s>,a) 1  (a,dog) 1  (dog,sat) 1
// so N1+(• •) = 9 bigram types; continuation counts N1+(• w): sat 2, </s> 2, and 1 for the, cat, ran, a, dog;
// T = 7 words have one; |V| = 8 (with '<unk>'). With d = 0.5:
//   P_cont(sat)   = (2 − 0.5)/9 + (0.5·7/9)/8 = 12/72 + 3.5/72 = 31/144
//   P_cont(cat)   = (1 − 0.5)/9 + 3.5/72      = 7.5/72        = 15/144
//   P_cont(<unk>) = 0 + 3.5/72                                = 7/144
//   P(sat | cat)  = (1 − 0.5)/2 + (0.5·2/2)·31/144 = 1/4 + 31/288 = 103/288     (c(cat) = 2, two types after cat)
//   P(cat | the)  = (2 − 0.5)/2 + (0.5·1/2)·15/144 = 3/4 + 15/576 = 447/576
//   P(dog | cat)  = 0 + (0.5·2/2)·P_cont(dog) = 1/2 · 15/144 = 15/288
//   P(sat | zebra) = P(sat | <unk>), a context never seen = P_cont(sat) = 31/144

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/kneser-ney';
import { assertClose, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('kneser-ney.ts', ['KneserNeyBigram']);
type Model = InstanceType<typeof Sol.KneserNeyBigram>;

const CORPUS = [
  ['the', 'cat', 'sat'],
  ['the', 'cat', 'ran'],
  ['a', 'dog', 'sat'],
];

/** An independent reference, from the list of padded bigrams and sets of distinct neighbours. */
class RefKN {
  readonly vocab = new Set<string>(['</s>', '<unk>']);
  readonly pairs: Array<[string, string]> = [];
  readonly types = new Set<string>();
  constructor(
    readonly d: number,
    sentences: string[][],
  ) {
    for (const s of sentences) {
      s.forEach((w) => this.vocab.add(w));
      const p = ['<s>', ...s, '</s>'];
      for (let i = 1; i < p.length; i++) {
        this.pairs.push([p[i - 1], p[i]]);
        this.types.add(JSON.stringify([p[i - 1], p[i]]));
      }
    }
  }
  private map = (w: string) => (this.vocab.has(w) ? w : '<unk>');
  count = (v: string, w: string) => this.pairs.filter(([a, b]) => a === v && b === w).length;
  total = (v: string) => this.pairs.filter(([a]) => a === v).length;
  after = (v: string) => new Set(this.pairs.filter(([a]) => a === v).map(([, b]) => b)).size;
  before = (w: string) => new Set(this.pairs.filter(([, b]) => b === w).map(([a]) => a)).size;
  continuation(word: string): number {
    const w = this.map(word);
    const all = this.types.size;
    const T = new Set(this.pairs.map(([, b]) => b)).size;
    return Math.max(this.before(w) - this.d, 0) / all + (this.d * T) / all / this.vocab.size;
  }
  context(context: string[]): string {
    const last = context.length ? context[context.length - 1] : '<s>';
    return last === '<s>' ? last : this.map(last);
  }
  prob(word: string, context: string[]): number {
    const w = this.map(word);
    const v = this.context(context);
    const c = this.total(v);
    if (c === 0) return this.continuation(w);
    return Math.max(this.count(v, w) - this.d, 0) / c + ((this.d * this.after(v)) / c) * this.continuation(w);
  }
  seenContexts = () => [...new Set(this.pairs.map(([a]) => a))];
}

const show = (x: unknown) => JSON.stringify(x);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * (1 + Math.abs(b));
function fit(d: number | undefined, sentences: string[][]): Model {
  const { KneserNeyBigram } = load();
  const m = d === undefined ? new KneserNeyBigram() : new KneserNeyBigram(d);
  m.fit(sentences);
  return m;
}

/** Σ over V of prob(w, [v]) must be 1; names "forgetting λ" when the shape of the error fits it. */
function checkSum(m: Model, ref: RefKN, context: string[]): void {
  const probs = [...ref.vocab].map((w) => m.prob(w, context));
  const negative = probs.findIndex((p) => p < 0);
  if (negative >= 0) {
    const w = [...ref.vocab][negative];
    throw misconception('discount applied to unseen bigrams', `prob(${show(w)}, ${show(context)}) is ${probs[negative]}: the discount was taken from a count of 0. Discount only what was seen: max(c(v, w) − d, 0).`);
  }
  const sum = probs.reduce((a, b) => a + b, 0);
  if (close(sum, 1)) return;
  const v = ref.context(context);
  const c = ref.total(v);
  if (c > 0) {
    // The shape of "the right discounted part plus some other weight r times P_cont": r = 0 (no lower order),
    // r = 1 (no weight at all) or r = d are the usual ways to get λ wrong.
    const vocab = [...ref.vocab];
    const lambda = (ref.d * ref.after(v)) / c;
    const weights = vocab.map((w, i) => (probs[i] - Math.max(ref.count(v, w) - ref.d, 0) / c) / ref.continuation(w));
    if (weights.every((r) => close(r, weights[0])) && !close(weights[0], lambda)) {
      throw misconception(
        'forgetting λ so the distribution does not sum to 1',
        `after the context ${show(context)} the probabilities over V sum to ${sum}: the lower order P_cont(w) got the weight ${weights[0]}. The discounts freed d · N1+(v •) / c(v) = ${ref.d} · ${ref.after(v)} / ${c} = ${lambda} of the mass; that is λ(v), and the lower order must be weighted by exactly it: P(w | v) = max(c(v, w) − d, 0) / c(v) + λ(v) · P_cont(w).`,
      );
    }
  }
  assert.fail(`KneserNeyBigram(${ref.d}): the probabilities of the ${ref.vocab.size} words of V after the context ${show(context)} sum to ${sum}, not 1.`);
}

function randomCorpus(rand: () => number, words: string[], sentences: number, maxLen: number): string[][] {
  const pick = () => words[Math.floor(words.length * rand() * rand())];
  return Array.from({ length: sentences }, () => Array.from({ length: Math.floor(rand() * (maxLen + 1)) }, pick));
}

describe('traditional-lms/kneser-ney: hand-computed', () => {
  it("vocab and n follow NGramModel's conventions (n = 2; every word, '</s>', '<unk>'; no '<s>'); d defaults to 0.75", () => {
    const m = fit(undefined, CORPUS);
    assert.equal(m.n, 2, `a KneserNeyBigram must have n = 2 (so perplexity() can use it), got ${m.n}`);
    assert.equal(m.d, 0.75, `the discount d should default to 0.75, got ${m.d}`);
    assert.ok(m.vocab instanceof Set, `vocab should be a Set<string>, got ${show(m.vocab)}`);
    assert.deepEqual([...m.vocab].sort(), ['</s>', '<unk>', 'a', 'cat', 'dog', 'ran', 'sat', 'the'], "vocab: every training word plus '</s>' and '<unk>', never '<s>'");
    const ref = new RefKN(0.75, CORPUS);
    for (const [w, ctx] of [['sat', ['cat']], ['cat', ['the']], ['the', []]] as Array<[string, string[]]>) {
      assertClose(m.prob(w, ctx), ref.prob(w, ctx), { what: `new KneserNeyBigram() (d = 0.75) .prob(${show(w)}, ${show(ctx)})` });
    }
  });

  it('continuation probabilities by hand (d = 0.5): P_cont(sat) = 31/144, P_cont(cat) = 15/144, P_cont(<unk>) = 7/144', () => {
    const m = fit(0.5, CORPUS);
    const got = m.continuation('sat');
    // Raw unigram counts: sat occurs 2 times out of 12 tokens — close to, but not, the continuation count.
    assertClose(got, 31 / 144, { what: "continuation('sat') with d = 0.5" });
    assertClose(m.continuation('cat'), 15 / 144, { what: "continuation('cat') with d = 0.5 (cat is frequent, but only ever after 'the')" });
    assertClose(m.continuation('<unk>'), 7 / 144, { what: "continuation('<unk>') with d = 0.5" });
    assertClose(m.continuation('zebra'), 7 / 144, { what: "continuation('zebra'), read as '<unk>'" });
    const sum = [...m.vocab].reduce((s, w) => s + m.continuation(w), 0);
    assertClose(sum, 1, { what: 'Σ over V of continuation(w)' });
  });

  it('bigram probabilities by hand (d = 0.5): P(sat|cat) = 103/288, P(cat|the) = 447/576, P(dog|cat) = 15/288, unseen context = P_cont', () => {
    const m = fit(0.5, CORPUS);
    assertClose(m.prob('sat', ['cat']), 103 / 288, { what: "prob('sat', ['cat'])" });
    assertClose(m.prob('cat', ['the']), 447 / 576, { what: "prob('cat', ['the'])" });
    assertClose(m.prob('dog', ['cat']), 15 / 288, { what: "prob('dog', ['cat']) (never seen after 'cat': only λ(cat) · P_cont(dog))" });
    assertClose(m.prob('sat', ['zebra']), 31 / 144, { what: "prob('sat', ['zebra']): an unseen context gives P_cont(sat)" });
    assertClose(m.prob('sat', ['</s>']), 31 / 144, { what: "prob('sat', ['</s>']): '</s>' is never a context, so P_cont(sat)" });
    assertClose(m.prob('the', []), new RefKN(0.5, CORPUS).prob('the', ['<s>']), { what: "prob('the', []): an empty context is ['<s>']" });
    assertClose(m.prob('cat', ['a', 'dog', 'the']), 447 / 576, { what: "prob('cat', ['a', 'dog', 'the']): only the last word counts" });
  });

  it('d = 0 reduces to maximum likelihood on every seen context', () => {
    const m = fit(0, CORPUS);
    const ref = new RefKN(0, CORPUS);
    for (const v of ref.seenContexts()) {
      for (const w of ref.vocab) {
        const mle = ref.count(v, w) / ref.total(v);
        assertClose(m.prob(w, [v]), mle, { what: `d = 0: prob(${show(w)}, [${show(v)}]) should be the MLE count(${v}, ${w}) / count(${v}) = ${ref.count(v, w)}/${ref.total(v)}` });
      }
    }
  });
});

describe('traditional-lms/kneser-ney: continuation counts', () => {
  it("the 'San Francisco' effect: a word frequent after one context only gets a low continuation probability", () => {
    // 'francisco' occurs 6 times, always after 'san'; 'door' only 3 times, but after 3 different words.
    const corpus = [
      ...Array.from({ length: 3 }, () => ['we', 'visited', 'san', 'francisco']),
      ...Array.from({ length: 3 }, () => ['san', 'francisco', 'is', 'foggy']),
      ['open', 'the', 'door'],
      ['a', 'door'],
      ['the', 'red', 'door'],
    ];
    const m = fit(0.75, corpus);
    const ref = new RefKN(0.75, corpus);
    const francisco = m.prob('francisco', ['zebra']);
    const door = m.prob('door', ['zebra']);
    if (francisco === 0 && door === 0) {
      throw misconception('unseen context gives 0', `prob('door', ['zebra']) is 0: 'zebra' (read as '<unk>') was never a context, so there are no bigram counts to use — Kneser–Ney then falls back entirely on the lower order, P(w | v) = P_cont(w).`);
    }
    if (francisco >= door) {
      throw misconception(
        'using raw unigram counts instead of continuation counts',
        `after an unseen context, P(francisco) = ${francisco} ≥ P(door) = ${door}, although 'francisco' only ever follows 'san'. The lower order of Kneser–Ney counts the different words a word follows, N1+(• w): 1 for 'francisco', 3 for 'door' — not how often it occurs (6 and 3).`,
        { expected: { francisco: ref.prob('francisco', ['zebra']), door: ref.prob('door', ['zebra']) }, actual: { francisco, door } },
      );
    }
    assertClose(francisco, ref.continuation('francisco'), { what: "prob('francisco', ['zebra'])" });
    assertClose(door, ref.continuation('door'), { what: "prob('door', ['zebra'])" });
    // After 'visited' (seen, but only before 'san') the backed-off mass goes to 'door' before 'francisco' too.
    assert.ok(m.prob('door', ['visited']) > m.prob('francisco', ['visited']), `P(door | visited) = ${m.prob('door', ['visited'])} should exceed P(francisco | visited) = ${m.prob('francisco', ['visited'])}`);
    // ...while after 'san' itself, 'francisco' is all but certain.
    assertClose(m.prob('francisco', ['san']), ref.prob('francisco', ['san']), { what: "prob('francisco', ['san'])" });
  });
});

describe('traditional-lms/kneser-ney: normalization and random corpora', () => {
  it('the probabilities over V sum to 1 after every context (seen, unseen, <unk>, <s>), for several d', () => {
    const rand = seededRandom(11);
    const words = ['the', 'of', 'and', 'to', 'a', 'in', 'she', 'was', 'her', 'not'];
    for (const d of [0.75, 0.5, 0.1, 1]) {
      const corpus = randomCorpus(rand, words, 30, 8);
      const m = fit(d, corpus);
      const ref = new RefKN(d, corpus);
      for (const v of [...ref.seenContexts(), 'zebra', '</s>', '<unk>']) checkSum(m, ref, [v]);
      checkSum(m, ref, []);
    }
    const m = fit(0.75, CORPUS);
    for (const v of ['<s>', 'the', 'cat', 'sat', 'ran', 'a', 'dog']) checkSum(m, new RefKN(0.75, CORPUS), [v]);
  });

  it('matches an independent reference on seeded random corpora (d in {0, 0.3, 0.75, 0.9}, unseen words and contexts)', () => {
    const rand = seededRandom(4242);
    const words = ['emma', 'harriet', 'mr', 'knightley', 'said', 'the', 'a', 'of', 'and', 'very', 'not', 'was'];
    const strangers = ['zebra', '<unk>', '</s>'];
    for (let trial = 0; trial < 12; trial++) {
      const d = [0, 0.3, 0.75, 0.9][trial % 4];
      const corpus = randomCorpus(rand, words, 15 + Math.floor(rand() * 25), 9);
      const m = fit(d, corpus);
      const ref = new RefKN(d, corpus);
      const any = () => (rand() < 0.85 ? words[Math.floor(rand() * words.length)] : strangers[Math.floor(rand() * strangers.length)]);
      for (let q = 0; q < 50; q++) {
        const ctx = Array.from({ length: Math.floor(rand() * 3) }, any);
        const w = any();
        assertClose(m.prob(w, ctx), ref.prob(w, ctx), { what: `KneserNeyBigram(${d}) .prob(${show(w)}, ${show(ctx)}) (trial ${trial})` });
      }
      for (const w of words) assertClose(m.continuation(w), ref.continuation(w), { what: `KneserNeyBigram(${d}) .continuation(${show(w)}) (trial ${trial})` });
    }
  });
});
