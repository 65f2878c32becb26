// Hidden tests for traditional-lms/generate, the chapter-2 project. Texts come from the shipped Austen novels.
// Sampling is checked exactly against a reference sampler that follows task.md's rule (sorted candidates, weights
// exp((ln p − ln p_max) / T), one rand() per word, first running sum above rand() · total); perplexities with a
// tolerance of 1e-6 relative+absolute. The models handed to generate() are built here (an independent add-k
// model), so these tests do not depend on your NGramModel; comparePerplexities() uses yours.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/generate';
import { assertClose, courseText, learner, misconception, referenceFallbacks, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('generate.ts', ['tokenize', 'nextWord', 'generate', 'comparePerplexities']);

interface Model {
  readonly n: number;
  readonly vocab: Set<string>;
  prob(word: string, context: string[]): number;
}

const show = (x: unknown) => JSON.stringify(x);

// ---- independent references ---------------------------------------------------------------------------------

function refTokenize(text: string): string[][] {
  const out: string[][] = [];
  let sentence: string[] = [];
  let word = '';
  const endWord = () => {
    if (word) sentence.push(word);
    word = '';
  };
  for (const ch of text.toLowerCase()) {
    if (ch >= 'a' && ch <= 'z') word += ch;
    else {
      endWord();
      if (ch === '.' || ch === '!' || ch === '?') {
        if (sentence.length) out.push(sentence);
        sentence = [];
      }
    }
  }
  endWord();
  if (sentence.length) out.push(sentence);
  return out;
}

/** Add-k n-gram model: counts of "context\twords" strings. */
class RefAddK implements Model {
  readonly vocab = new Set<string>(['</s>', '<unk>']);
  private grams = new Map<string, number>();
  private ctxs = new Map<string, number>();
  constructor(
    readonly n: number,
    readonly k: number,
    sentences: string[][],
  ) {
    for (const s of sentences) for (const w of s) this.vocab.add(w);
    for (const s of sentences) {
      const p = [...Array<string>(n - 1).fill('<s>'), ...s, '</s>'];
      for (let i = n - 1; i < p.length; i++) {
        const c = p.slice(i - n + 1, i).join(' ');
        this.ctxs.set(c, (this.ctxs.get(c) ?? 0) + 1);
        this.grams.set(`${c}\t${p[i]}`, (this.grams.get(`${c}\t${p[i]}`) ?? 0) + 1);
      }
    }
  }
  prob(word: string, context: string[]): number {
    const m = (t: string) => (t === '<s>' || this.vocab.has(t) ? t : '<unk>');
    const padded = [...Array<string>(this.n - 1).fill('<s>'), ...context];
    const c = padded.slice(padded.length - (this.n - 1)).map(m).join(' ');
    const den = (this.ctxs.get(c) ?? 0) + this.k * this.vocab.size;
    return den === 0 ? 0 : ((this.grams.get(`${c}\t${m(word)}`) ?? 0) + this.k) / den;
  }
}

function refPerplexity(model: Model, sentences: string[][]): number {
  let nll = 0;
  let count = 0;
  for (const s of sentences) {
    const p = [...Array<string>(model.n - 1).fill('<s>'), ...s, '</s>'];
    for (let i = model.n - 1; i < p.length; i++, count++) nll -= Math.log(model.prob(p[i], p.slice(i - model.n + 1, i)));
  }
  return Math.exp(nll / count);
}

function refNext(model: Model, context: string[], T: number, rand: () => number): string {
  const cands = [...model.vocab].sort();
  const ps = cands.map((w) => model.prob(w, context));
  const max = Math.max(...ps);
  if (T === 0) return cands[ps.indexOf(max)];
  const ws = ps.map((p) => (p > 0 ? Math.exp((Math.log(p) - Math.log(max)) / T) : 0));
  const r = rand() * ws.reduce((a, b) => a + b, 0);
  let run = 0;
  for (let i = 0; i < cands.length; i++) if ((run += ws[i]) > r) return cands[i];
  return cands[ps.indexOf(max)];
}

function refGenerate(model: Model, o: { seed: number; temperature?: number; maxTokens?: number; context?: string[] }): string[] {
  const rand = seededRandom(o.seed);
  const hist = [...Array<string>(model.n - 1).fill('<s>'), ...(o.context ?? [])];
  const out: string[] = [];
  while (out.length < (o.maxTokens ?? 30)) {
    const w = refNext(model, hist.slice(hist.length - (model.n - 1)), o.temperature ?? 1, rand);
    if (w === '</s>') break;
    out.push(w);
    hist.push(w);
  }
  return out;
}

// ---- shared data ----------------------------------------------------------------------------------------------

let austen: string[][] | undefined;
/** Pride and Prejudice as sentences (reference tokenizer), read once. */
const prideAndPrejudice = () => (austen ??= refTokenize(courseText('austen/prideprejudice.txt')));
let small: RefAddK | undefined;
/** A bigram add-0.01 model on the first 400 sentences of Pride and Prejudice: |V| ≈ 1,600, quick to sample from. */
const smallModel = () => (small ??= new RefAddK(2, 0.01, prideAndPrejudice().slice(0, 400)));

/** A model with fixed probabilities over a, b, c and '</s>' that ignores the context. */
const tableModel = (p: Record<string, number>, n = 2): Model => ({ n, vocab: new Set(Object.keys(p)), prob: (w) => p[w] ?? 0 });

/** rand() that returns the given numbers in turn and counts the calls. */
function scripted(values: number[]) {
  let calls = 0;
  const rand = () => values[calls++ % values.length];
  return { rand, calls: () => calls };
}

describe('traditional-lms/generate: tokenize', () => {
  it('lower-cases, splits sentences at . ! ? and words at anything but a–z, and drops empty sentences', () => {
    const { tokenize } = load();
    const text = "It is a truth. Universally acknowledged!  Mr. Darcy's _pride_? ... \"Yes,\" said she;\nand   so on";
    const want = refTokenize(text);
    assert.deepEqual(tokenize(text), want, `tokenize(${show(text)}): expected ${show(want)}, got ${show(tokenize(text))}`);
    assert.deepEqual(tokenize(''), [], "tokenize('') should be []");
    const book = courseText('austen/persuasion.txt');
    const got = tokenize(book);
    const ref = refTokenize(book);
    assert.equal(got.length, ref.length, `Persuasion: expected ${ref.length} sentences, got ${got.length}`);
    const i = ref.findIndex((s, j) => show(s) !== show(got[j]));
    assert.ok(i < 0, `Persuasion, sentence ${i}: expected ${show(ref[i])}, got ${show(got[i])}`);
  });
});

describe('traditional-lms/generate: sampling', () => {
  it('nextWord: sorted candidates, inverse-CDF choice with one rand() call, argmax without rand at temperature 0', () => {
    const { nextWord } = load();
    // Sorted candidates: '</s>' 0.1, 'a' 0.2, 'b' 0.5, 'c' 0.2. Running sums 0.1, 0.3, 0.8, 1.0.
    const model = tableModel({ c: 0.2, b: 0.5, '</s>': 0.1, a: 0.2 });
    for (const [r, want] of [[0.05, '</s>'], [0.25, 'a'], [0.31, 'b'], [0.79, 'b'], [0.81, 'c'], [0.999, 'c']] as Array<[number, string]>) {
      const s = scripted([r]);
      const got = nextWord(model, ['<s>'], 1, s.rand);
      assert.equal(got, want, `nextWord with probabilities {'</s>': 0.1, a: 0.2, b: 0.5, c: 0.2} (candidates sorted: '</s>', 'a', 'b', 'c') and rand() = ${r}: expected '${want}' (the first whose running sum exceeds ${r}), got ${show(got)}`);
      assert.equal(s.calls(), 1, `nextWord at temperature 1 should call rand() exactly once, it called it ${s.calls()} times`);
    }
    // Temperature 0.5 squares the probabilities (up to a factor): weights 0.04 : 0.16 : 1 : 0.16 of 0.25, sum 1.36/0.25.
    const s = scripted([0.2]);
    const weights = [0.01, 0.04, 0.25, 0.04];
    const r = 0.2 * weights.reduce((a, b) => a + b, 0);
    const want = ['</s>', 'a', 'b', 'c'][weights.findIndex((_, i) => weights.slice(0, i + 1).reduce((a, b) => a + b, 0) > r)];
    assert.equal(nextWord(model, ['<s>'], 0.5, s.rand), want, `nextWord at temperature 0.5 with rand() = 0.2: weights p^2 = ${show(weights)}, expected '${want}'`);
    const greedy = scripted([0.5]);
    assert.equal(nextWord(model, ['<s>'], 0, greedy.rand), 'b', 'nextWord at temperature 0 should return the most likely word, b');
    assert.equal(greedy.calls(), 0, `nextWord at temperature 0 should not call rand(), it called it ${greedy.calls()} times`);
    const tie = tableModel({ z: 0.4, m: 0.4, '</s>': 0.2 });
    assert.equal(nextWord(tie, ['<s>'], 0, scripted([0.5]).rand), 'm', 'nextWord at temperature 0 with a tie between m and z should return the first in sorted order, m');
  });

  it('generate is deterministic for a seed, and different seeds give different text', () => {
    const { generate } = load();
    const model = smallModel();
    const outs = [1, 2, 3, 4, 5].map((seed) => generate(model, { seed, maxTokens: 12 }));
    const again = generate(model, { seed: 3, maxTokens: 12 });
    if (show(again) !== show(outs[2])) {
      throw misconception('sampling with Math.random', `generate(model, { seed: 3 }) gave ${show(outs[2])} and then ${show(again)}. Draw every random number from one seededRandom(seed) made at the start of generate(), never from Math.random(), so a seed fixes the text.`);
    }
    assert.ok(new Set(outs.map(show)).size >= 3, `seeds 1–5 gave only ${new Set(outs.map(show)).size} different texts: ${outs.map(show).join(' | ')}`);
  });

  it('generate matches the reference sampler word for word (seeds 1–4, temperatures 1, 0.7, 1.5)', () => {
    const { generate } = load();
    const model = smallModel();
    for (const temperature of [1, 0.7, 1.5]) {
      for (const seed of [1, 2, 3, 4]) {
        const want = refGenerate(model, { seed, temperature, maxTokens: 15 });
        const got = generate(model, { seed, temperature, maxTokens: 15 });
        assert.deepEqual(got, want, `generate(model, { seed: ${seed}, temperature: ${temperature}, maxTokens: 15 }): expected ${show(want)}, got ${show(got)}. Check the rule in task.md: candidates in sorted order, one rand() per word, the first candidate whose running sum of weights exceeds rand() × total.`);
      }
    }
  });

  it('temperature 0 and 0.001 give the argmax text; a high temperature spreads out', () => {
    const { generate } = load();
    const model = smallModel();
    const greedy = refGenerate(model, { seed: 1, temperature: 0, maxTokens: 10 });
    assert.deepEqual(generate(model, { seed: 99, temperature: 0, maxTokens: 10 }), greedy, `temperature 0 must take the most likely word every time: expected ${show(greedy)}`);
    const cold = generate(model, { seed: 5, temperature: 0.001, maxTokens: 10 });
    if (show(cold) !== show(greedy)) {
      if (show(cold) === show(refGenerate(model, { seed: 5, temperature: 1, maxTokens: 10 }))) {
        throw misconception(
          'temperature divides the probabilities',
          `temperature 0.001 gave the same text as temperature 1, ${show(cold)}. Dividing every probability by T and renormalizing changes nothing. Temperature divides the LOG-probabilities: weight exp(ln p / T), i.e. p^(1/T).`,
        );
      }
      // Temperature 0 passed above, so the argmax itself is right: at T = 0.001 the weights went wrong.
      throw misconception(
        'temperature underflow',
        `temperature 0.001 gave ${show(cold)} instead of the argmax text ${show(greedy)}. p^(1/T) = p^1000 is 0 in float64 for every word, so the weights sum to 0 and the draw falls through. Subtract the largest log-probability first: exp((ln p − ln p_max) / T), which is exactly 1 for the most likely word.`,
        { expected: greedy, actual: cold },
      );
    }
    // T = 1000 makes the weights nearly equal: the words drawn are far rarer on average than at T = 1.
    const avgProb = (T: number) => {
      let sum = 0;
      let count = 0;
      for (const seed of [1, 2, 3]) {
        const words = generate(model, { seed, temperature: T, maxTokens: 8 });
        let prev = '<s>';
        for (const w of words) {
          sum += model.prob(w, [prev]);
          count++;
          prev = w;
        }
      }
      return count ? sum / count : 1;
    };
    const hot = avgProb(1000);
    const normal = avgProb(1);
    assert.ok(hot < normal / 5, `at temperature 1000 the chosen words should be about as likely as any other (average P ${hot.toFixed(5)}), far less likely than at temperature 1 (${normal.toFixed(5)})`);
  });

  it("stops at '</s>' (not returned) or after maxTokens, continues a given context, and only uses words of V", () => {
    const { generate } = load();
    // After '<s>': '</s>' is certain, so the text is empty.
    const ender: Model = { n: 2, vocab: new Set(['a', '</s>']), prob: (w, c) => (c[0] === '<s>' ? (w === '</s>' ? 1 : 0) : 0.5) };
    const empty = generate(ender, { seed: 1 });
    if (show(empty) === show(['</s>'])) throw misconception("'</s>' returned", "generate returned ['</s>']: when nextWord picks '</s>' the sentence is over — stop without adding it.");
    assert.deepEqual(empty, [], `a model certain of '</s>' after '<s>' should generate [], got ${show(empty)}`);
    // Never '</s>': stops at maxTokens (default 30).
    const never = tableModel({ a: 0.5, b: 0.5, '</s>': 0 });
    assert.equal(generate(never, { seed: 2, maxTokens: 7 }).length, 7, 'with maxTokens 7 and no chance of </s>, expected 7 words');
    assert.equal(generate(never, { seed: 2 }).length, 30, 'maxTokens defaults to 30');
    // The context option: a trigram model must see the given words as its last n − 1 tokens.
    const seen: string[][] = [];
    const spy: Model = {
      n: 3,
      vocab: new Set(['x', 'y', '</s>']),
      prob: (w, c) => {
        seen.push([...c]);
        return w === 'x' ? 0.6 : w === 'y' ? 0.4 : 0;
      },
    };
    const words = generate(spy, { seed: 3, temperature: 0, maxTokens: 2, context: ['miss', 'bennet'] });
    assert.deepEqual(words, ['x', 'x'], `with context ['miss', 'bennet'], the result holds only the new words: expected ['x', 'x'], got ${show(words)}`);
    assert.deepEqual(seen[0], ['miss', 'bennet'], `the first prediction after context ['miss', 'bennet'] should use the context ['miss', 'bennet'], got ${show(seen[0])}`);
    assert.deepEqual(seen[seen.length - 1], ['bennet', 'x'], `the second prediction should use the last two tokens ['bennet', 'x'], got ${show(seen[seen.length - 1])}`);
    const model = smallModel();
    for (const seed of [11, 12, 13]) {
      const out = generate(model, { seed, temperature: 1.2, maxTokens: 10, context: ['elizabeth'] });
      const bad = out.find((w) => !model.vocab.has(w) || w === '</s>' || w === '<s>');
      assert.ok(bad === undefined, `generate produced ${show(bad)}, which is not a word of the model's vocabulary: ${show(out)}`);
      assert.deepEqual(out, refGenerate(model, { seed, temperature: 1.2, maxTokens: 10, context: ['elizabeth'] }), `generate(model, { seed: ${seed}, temperature: 1.2, context: ['elizabeth'] }) differs from the reference sampler`);
    }
  });
});

describe('traditional-lms/generate: perplexity table', () => {
  it('comparePerplexities matches the reference on a small random corpus, in the order of ns, with the defaults ns = [1, 2, 3, 4], k = 1', () => {
    const { comparePerplexities } = load();
    const rand = seededRandom(314);
    const words = ['she', 'was', 'not', 'a', 'very', 'much', 'of', 'the', 'her', 'sister', 'said'];
    const sentence = () => Array.from({ length: 1 + Math.floor(rand() * 8) }, () => words[Math.floor(words.length * rand() * rand())]);
    const train = Array.from({ length: 60 }, sentence);
    const held = Array.from({ length: 15 }, sentence);
    const note = referenceFallbacks().length ? ` (files borrowed from the reference solutions: ${referenceFallbacks().join(', ')})` : '';
    const got = comparePerplexities(train, held, [3, 1, 2], 0.5);
    const want = [3, 1, 2].map((n) => ({ n, perplexity: refPerplexity(new RefAddK(n, 0.5, train), held) }));
    assert.deepEqual(got.map((r) => r.n), [3, 1, 2], `comparePerplexities(..., [3, 1, 2], 0.5) should list n in the order given, got ${show(got.map((r) => r.n))}`);
    assertClose(got.map((r) => r.perplexity), want.map((r) => r.perplexity), { what: `comparePerplexities(..., [3, 1, 2], 0.5) — it uses your NGramModel and perplexity; if their own tests fail, fix those first${note}` });
    const defaults = comparePerplexities(train, held);
    assert.deepEqual(defaults.map((r) => r.n), [1, 2, 3, 4], `the default ns is [1, 2, 3, 4], got ${show(defaults.map((r) => r.n))}`);
    assertClose(defaults[1].perplexity, refPerplexity(new RefAddK(2, 1, train), held), { what: 'comparePerplexities(train, heldOut) (k defaults to 1), n = 2' });
  });

  it('on Austen (Pride and Prejudice, last 10 % held out), add-0.01 bigrams beat unigrams and longer contexts get worse', () => {
    const { comparePerplexities } = load();
    const sentences = prideAndPrejudice();
    const cut = Math.floor(sentences.length * 0.9);
    const train = sentences.slice(0, cut);
    const held = sentences.slice(cut);
    const got = comparePerplexities(train, held, [1, 2, 3, 4], 0.01);
    const want = [1, 2, 3, 4].map((n) => refPerplexity(new RefAddK(n, 0.01, train), held));
    assertClose(got.map((r) => r.perplexity), want, { what: 'perplexities of n = 1..4 with k = 0.01 on held-out Pride and Prejudice' });
    const [p1, p2, p3, p4] = got.map((r) => r.perplexity);
    assert.ok(p2 < p1, `the bigram model (${p2}) should beat the unigram model (${p1}) on held-out text`);
    assert.ok(p2 < p3 && p3 < p4, `with add-k smoothing, n = 3 (${p3}) and n = 4 (${p4}) should be worse than n = 2 (${p2}): most of their contexts were never seen`);
  });

  it('on Austen with k = 1, add-one over-smooths: the bigram model is worse than the unigram model', () => {
    const { comparePerplexities } = load();
    const sentences = prideAndPrejudice();
    const cut = Math.floor(sentences.length * 0.9);
    const train = sentences.slice(0, cut);
    const held = sentences.slice(cut);
    const got = comparePerplexities(train, held, [1, 2], 1);
    const want = [1, 2].map((n) => refPerplexity(new RefAddK(n, 1, train), held));
    assertClose(got.map((r) => r.perplexity), want, { what: 'perplexities of n = 1, 2 with k = 1 on held-out Pride and Prejudice' });
    assert.ok(got[1].perplexity > got[0].perplexity, `with k = 1 every bigram context receives k·|V| ≈ 6,000 pseudo-counts, more than most contexts were seen: the bigram (${got[1].perplexity}) should come out worse than the unigram (${got[0].perplexity})`);
  });
});
