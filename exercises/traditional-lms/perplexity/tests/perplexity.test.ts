// Hidden tests for traditional-lms/perplexity. Tolerance: 1e-6 relative+absolute. The models here are small
// objects with `n` and `prob` — exactly what the contract asks perplexity to accept — so each test controls
// every probability (and can record every call).

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/perplexity';
import { assertClose, learner, misconception, seededRandom } from '../../../kit';

const raw = () => learner<typeof Sol>('perplexity.ts', ['perplexity']);
/** The contract does not say the sentences stay unchanged, so the tests hand the learner's perplexity copies
 *  (padding in place is not penalized; one test notes it without failing). */
const load = () => {
  const m = raw();
  return { perplexity: (model: Model, sentences: string[][]) => m.perplexity(model, Array.isArray(sentences) ? sentences.map((s) => (Array.isArray(s) ? [...s] : s)) : sentences) };
};

interface Model {
  n: number;
  prob(word: string, context: string[]): number;
}

const show = (x: unknown) => JSON.stringify(x);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * (1 + Math.abs(b));

/** An independent reference: every (word, context) pair the contract says prob is called with. */
function refCalls(sentences: string[][], n: number): Array<[string, string[]]> {
  const calls: Array<[string, string[]]> = [];
  for (const s of sentences) {
    const p = [...Array<string>(n - 1).fill('<s>'), ...s, '</s>'];
    for (let i = n - 1; i < p.length; i++) calls.push([p[i], p.slice(i - (n - 1), i)]);
  }
  return calls;
}
function refPerplexity(model: Model, sentences: string[][]): number {
  const calls = refCalls(sentences, model.n);
  const nll = calls.reduce((s, [w, c]) => s - Math.log(model.prob(w, c)), 0);
  return Math.exp(nll / calls.length);
}

/** Calls as sorted JSON strings: the same multiset of (word, context) pairs, whatever the order. */
const sortedCalls = (calls: Array<[string, string[]]>) => calls.map((c) => JSON.stringify(c)).sort();

/** A model that records every call it gets, answering from `probOf`. */
function recording(n: number, probOf: (w: string, c: string[]) => number) {
  const calls: Array<[string, string[]]> = [];
  const model: Model = {
    n,
    prob(word, context) {
      calls.push([word, [...context]]);
      return probOf(word, context);
    },
  };
  return { model, calls };
}

/**
 * The two-sentence example, worked by hand. A bigram model with the table below (anything else: 0.1), on
 *   [['a', 'b'], ['a']]
 * predicts 5 tokens:  a|<s> = 1/2, b|a = 1/4, </s>|b = 1/2   and   a|<s> = 1/2, </s>|a = 1/2.
 * Their product is 1/64, so PPL = (1/64)^(−1/5) = 64^(1/5) = 2^(6/5) = 2.2973967099940698.
 * Wrong answers it tells apart:
 *   mean of the sentence perplexities: (16^(1/3) + 4^(1/2)) / 2 = (2.5198 + 2) / 2 = 2.2599
 *   '</s>' not predicted: 3 tokens, product 1/16 -> 16^(1/3) = 2.5198
 *   log2 inside, exp outside: exp(6/5) = 3.3201;  ln inside, 2^ outside: 2^(6 ln 2 / 5) = 1.7800
 */
const TABLE: Record<string, number> = { 'a|<s>': 0.5, 'b|a': 0.25, '</s>|b': 0.5, '</s>|a': 0.5 };
const tableModel: Model = { n: 2, prob: (w, c) => TABLE[`${w}|${c.join(' ')}`] ?? 0.1 };
const TWO = [['a', 'b'], ['a']];
const TWO_PPL = 2 ** (6 / 5);

/** A deterministic "random" probability in [0.02, 0.98] for each (word, context). */
function hashedProb(seed: number) {
  return (w: string, c: string[]) => {
    let h = seed >>> 0;
    for (const ch of `${c.join('\u0001')}\u0002${w}`) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0;
    h ^= h >>> 15;
    h = Math.imul(h, 2246822507) >>> 0;
    h ^= h >>> 13;
    return 0.02 + 0.96 * ((h >>> 0) / 4294967296);
  };
}

describe('traditional-lms/perplexity: values', () => {
  it('a uniform model over |V| words has perplexity exactly |V| (n = 1..4)', () => {
    const { perplexity } = load();
    const sentences = [['it', 'is', 'a', 'truth'], ['universally'], [], ['acknowledged', 'that', 'a', 'single', 'man']];
    for (const [n, V] of [[1, 7], [2, 10], [3, 1000], [4, 2]]) {
      const got = perplexity({ n, prob: () => 1 / V }, sentences);
      assertClose(got, V, { what: `perplexity of a uniform model over ${V} words (n = ${n})` });
    }
  });

  it("the two-sentence example by hand: 64^(1/5) = 2.2974 ('</s>' counted, natural log)", () => {
    const { perplexity } = load();
    const got = perplexity(tableModel, TWO);
    if (!close(got, TWO_PPL)) {
      const fingerprints: Array<[string, number, string]> = [
        ['mean of per-sentence perplexities', (16 ** (1 / 3) + 2) / 2, 'you averaged the perplexities of the sentences. Perplexity is over all predictions together: sum the log-probabilities of every token of every sentence, divide by the total number of tokens, then exponentiate once.'],
        ['geometric mean of per-sentence perplexities', Math.sqrt(16 ** (1 / 3) * 2), 'you averaged each sentence’s log-perplexity. A longer sentence holds more predictions and must weigh more: divide the total log-probability by the total number of tokens.'],
        ["'</s>' not counted", 16 ** (1 / 3), "the end of each sentence is a prediction too: after the last word the model predicts '</s>', and that probability and that token count belong in the average."],
        ['log base mixed up', Math.exp(6 / 5), 'you summed log2 probabilities but exponentiated with e. Use Math.log (natural log) and Math.exp — or log2 with 2 ** x; the contract uses the natural log.'],
        ['log base mixed up', 2 ** ((6 * Math.LN2) / 5), 'you summed natural-log probabilities but raised 2 to the result. Use Math.log and Math.exp together.'],
      ];
      for (const [name, value, why] of fingerprints) {
        if (close(got, value)) throw misconception(name, `perplexity on [['a', 'b'], ['a']] returned ${got}, expected 64^(1/5) = ${TWO_PPL}: ${why}`, { expected: TWO_PPL, actual: got });
      }
    }
    assertClose(got, TWO_PPL, { what: "perplexity(table model, [['a', 'b'], ['a']])" });
  });

  it('averages over all tokens of all sentences together, not sentence by sentence', () => {
    const { perplexity } = load();
    // Unigram model: 'x' has probability 0.5, everything else ('</s>' included) 0.01. One long easy sentence
    // and one short hard one: 11 predictions in all.
    const model: Model = { n: 1, prob: (w) => (w === 'x' ? 0.5 : 0.01) };
    const sentences = [Array<string>(8).fill('x'), ['y']];
    const want = Math.exp(-(8 * Math.log(0.5) + 3 * Math.log(0.01)) / 11);
    const got = perplexity(model, sentences);
    const perSentence = [Math.exp(-(8 * Math.log(0.5) + Math.log(0.01)) / 9), Math.exp(-(2 * Math.log(0.01)) / 2)];
    const mean = (perSentence[0] + perSentence[1]) / 2;
    if (close(got, mean) || close(got, Math.sqrt(perSentence[0] * perSentence[1]))) {
      throw misconception('mean of per-sentence perplexities', `perplexity returned ${got}, the average of the two sentences' perplexities (${perSentence.map((p) => p.toFixed(4)).join(' and ')}); expected ${want}. Perplexity is corpus-level: exp of (total negative log-probability) / (total number of predicted tokens), so the 9-token sentence weighs 9/11 and the 2-token one 2/11.`, { expected: want, actual: got });
    }
    assertClose(got, want, { what: 'perplexity of one long easy and one short hard sentence' });
  });

  it('a probability of 0 anywhere gives Infinity (not NaN, not an error)', () => {
    const { perplexity } = load();
    const model: Model = { n: 2, prob: (w) => (w === 'impossible' ? 0 : 0.5) };
    const got = perplexity(model, [['a', 'b'], ['a', 'impossible', 'c']]);
    if (Number.isFinite(got)) {
      throw misconception('zero-probability words skipped', `perplexity returned ${got} although the model gives 'impossible' probability 0. ln 0 = −Infinity, so the text is infinitely surprising: the perplexity is Infinity. Do not skip or clamp such words — that is what smoothing is for.`, { expected: Infinity, actual: got });
    }
    assert.equal(got, Infinity, `expected Infinity, got ${got}`);
  });
});

describe('traditional-lms/perplexity: calls to model.prob', () => {
  it("calls prob with every word and '</s>' (never '<s>') and exactly the n − 1 preceding padded tokens", () => {
    const { perplexity } = load();
    for (const n of [3, 1, 2, 4]) {
      const sentences = [['the', 'cat'], [], ['sat', 'on', 'the', 'mat']];
      const { model, calls } = recording(n, () => 0.25);
      perplexity(model, sentences);
      const want = refCalls(sentences, n);
      if (calls.some(([w]) => w === '<s>')) {
        throw misconception("'<s>' predicted", `with n = ${n} your perplexity asked the model for P('<s>' | ...). The start markers are context only: the predictions start at the first real word. Calls: ${show(calls)}`);
      }
      if (!calls.some(([w]) => w === '</s>')) {
        throw misconception("'</s>' not counted", `with n = ${n} your perplexity never asked the model for P('</s>' | ...). After the last word of each sentence the model predicts the end of the sentence; that prediction counts (an empty sentence is exactly one prediction). Calls: ${show(calls)}`);
      }
      const longer = calls.find(([, c]) => c.length > n - 1);
      if (longer) {
        throw misconception('context longer than n−1 tokens', `with n = ${n} prob was called with the context ${show(longer[1])} for ${show(longer[0])}; the contract passes exactly the n − 1 = ${n - 1} tokens before the word (padded.slice(i − (n − 1), i)), not the whole history.`);
      }
      const shorter = calls.find(([, c]) => c.length < n - 1);
      if (shorter) {
        throw misconception("context not padded with '<s>'", `with n = ${n} prob was called with the context ${show(shorter[1])} for ${show(shorter[0])}. Pad each sentence with n − 1 = ${n - 1} '<s>' first, so every context has exactly n − 1 tokens: the first word gets [${Array(n - 1).fill("'<s>'").join(', ')}].`);
      }
      // The contract fixes which (word, context) pairs are scored, not the order of the calls.
      assert.deepEqual(sortedCalls(calls), sortedCalls(want), `with n = ${n}, the calls to model.prob (word, context), in any order: expected ${show(want)}, got ${show(calls)}`);
    }
  });

  it('scores the sentences as they were passed in (padding them in place is noted, not failed)', () => {
    const { perplexity } = raw();
    const sentences = [['a', 'b'], ['c']];
    const { model, calls } = recording(3, () => 0.5);
    assertClose(perplexity(model, sentences), 2, { what: 'perplexity of a model that always says 0.5' });
    assert.deepEqual(sortedCalls(calls), sortedCalls(refCalls([['a', 'b'], ['c']], 3)), `with n = 3, the calls to model.prob (word, context), in any order: expected ${show(refCalls([['a', 'b'], ['c']], 3))}, got ${show(calls)}`);
    if (show(sentences) !== show([['a', 'b'], ['c']])) {
      console.log(`Note: after perplexity(...) the caller's sentences became ${show(sentences)}. The contract allows it, but the caller may still use them — prefer building each padded sentence as a new array ([...starts, ...sentence, '</s>']).`);
    }
  });
});

describe('traditional-lms/perplexity: random models', () => {
  it('matches the reference on seeded random models and sentences (n = 1..4)', () => {
    const { perplexity } = load();
    const rand = seededRandom(555);
    const words = ['she', 'was', 'not', 'a', 'very', 'much', 'of', 'the', 'her', 'sister'];
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + (trial % 4);
      const sentences = Array.from({ length: 1 + Math.floor(rand() * 6) }, () =>
        Array.from({ length: Math.floor(rand() * 10) }, () => words[Math.floor(rand() * words.length)]),
      );
      const model: Model = { n, prob: hashedProb(trial * 7919 + 1) };
      const want = refPerplexity(model, sentences);
      assertClose(perplexity(model, sentences), want, { what: `perplexity on ${sentences.length} random sentences (trial ${trial}, n = ${n})` });
    }
  });
});
