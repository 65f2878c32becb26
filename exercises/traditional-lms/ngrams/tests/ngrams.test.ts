// Hidden tests for traditional-lms/ngrams. The results are lists of strings, compared exactly (no tolerance).
// n < 1 is outside the contract and never passed.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/ngrams';
import { learner, misconception, seededRandom } from '../../../kit';

const raw = () => learner<typeof Sol>('ngrams.ts', ['ngrams']);
/** The contract does not say the tokens stay unchanged, so the tests hand the learner's ngrams a copy (padding in
 *  place is not penalized; the test 'notes' it without failing). */
const load = () => {
  const m = raw();
  return { ngrams: (tokens: string[], n: number, pad?: boolean) => (pad === undefined ? m.ngrams(Array.isArray(tokens) ? [...tokens] : tokens, n) : m.ngrams(Array.isArray(tokens) ? [...tokens] : tokens, n, pad)) };
};

// An independent reference: windows by index arithmetic over the padded sequence.
function refNgrams(tokens: string[], n: number, pad = false): string[][] {
  const seq = pad ? [...Array<string>(n - 1).fill('<s>'), ...tokens, '</s>'] : [...tokens];
  const count = Math.max(0, seq.length - n + 1);
  return Array.from({ length: count }, (_, i) => seq.slice(i, i + n));
}

const show = (x: unknown) => JSON.stringify(x);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Compares `got` with the reference, naming the classic mistakes first. */
function check(got: unknown, tokens: string[], n: number, pad: boolean): void {
  const want = refNgrams(tokens, n, pad);
  const call = `ngrams(${show(tokens)}, ${n}${pad ? ', true' : ''})`;
  assert.ok(Array.isArray(got), `${call}: expected an array of n-grams, got ${show(got)}`);
  const windows = got as unknown[];
  if (want.length > 0 && same(windows, want.slice(0, -1))) {
    throw misconception(
      'off-by-one window (drops the last n-gram)',
      `${call} returned ${windows.length} n-grams instead of ${want.length}: the last one, ${show(want[want.length - 1])}, is missing. A sequence of L tokens has L − n + 1 windows; the last starts at index L − n, so loop while i + n <= L (not i + n < L).`,
      { expected: want, actual: got },
    );
  }
  const short = windows.findIndex((w) => !Array.isArray(w) || w.length !== n);
  if (short >= 0) {
    throw misconception(
      'window runs past the end',
      `${call} returned ${show(windows[short])} at index ${short}, which is not ${n} tokens long. Stop when fewer than n tokens are left: a window that would run past the end is not an n-gram.`,
      { expected: want, actual: got },
    );
  }
  if (pad && !same(got, want)) checkPadding(windows as string[][], want, call, n);
  assert.deepEqual(got, want, `${call}: expected ${show(want)}, got ${show(got)}`);
}

function checkPadding(got: string[][], want: string[][], call: string, n: number): void {
  const flat = (ws: string[][]) => ws.flat();
  const starts = flat(got).filter((t) => t === '<s>').length;
  const wantStarts = flat(want).filter((t) => t === '<s>').length;
  const ends = flat(got).filter((t) => t === '</s>').length;
  // Only called when the n-grams are wrong: a '</s>' opening the first window or a '<s>' closing the last one.
  const endsFirst = got.length > 0 && got[0][0] === '</s>';
  const startsLast = got.length > 0 && got[got.length - 1][n - 1] === '<s>';
  if (endsFirst || startsLast) {
    throw misconception(
      'pad on the wrong side',
      `${call} put the markers on the wrong ends: '<s>' (start) goes in front of the sentence and '</s>' (end) behind it — [${n - 1} × '<s>', ...tokens, '</s>'].`,
      { expected: want, actual: got },
    );
  }
  if (starts !== wantStarts || ends !== flat(want).filter((t) => t === '</s>').length) {
    throw misconception(
      'too many or too few padding markers',
      `${call} has ${starts} '<s>' and ${ends} '</s>' across its n-grams, the right answer ${wantStarts} and ${flat(want).filter((t) => t === '</s>').length}. Pad with exactly n − 1 = ${n - 1} '<s>' in front (so the first real token has a full context of n − 1 tokens; none at all when n = 1) and exactly one '</s>' at the end.`,
      { expected: want, actual: got },
    );
  }
}

describe('traditional-lms/ngrams: windows', () => {
  it('bigrams and trigrams of the worked example, left to right', () => {
    const { ngrams } = load();
    check(ngrams(['the', 'cat', 'sat'], 2), ['the', 'cat', 'sat'], 2, false);
    check(ngrams(['the', 'cat', 'sat', 'on', 'the', 'mat'], 3), ['the', 'cat', 'sat', 'on', 'the', 'mat'], 3, false);
  });

  it('n = 1 gives every token on its own; pad defaults to false', () => {
    const { ngrams } = load();
    check(ngrams(['to', 'be', 'or', 'not'], 1), ['to', 'be', 'or', 'not'], 1, false);
    const got = ngrams(['a', 'b', 'c'], 2);
    assert.ok(!got.flat().some((t) => t === '<s>' || t === '</s>'), `ngrams(['a', 'b', 'c'], 2) without a third argument must not pad, got ${show(got)}`);
  });

  it('a sentence shorter than n, exactly n long, and empty', () => {
    const { ngrams } = load();
    check(ngrams(['the', 'cat'], 3), ['the', 'cat'], 3, false);
    check(ngrams(['the', 'cat', 'sat'], 3), ['the', 'cat', 'sat'], 3, false);
    check(ngrams([], 2), [], 2, false);
    check(ngrams([], 1), [], 1, false);
  });
});

describe('traditional-lms/ngrams: padding', () => {
  it("pads with n − 1 '<s>' in front and one '</s>' behind (the worked example, n = 3)", () => {
    const { ngrams } = load();
    check(ngrams(['the', 'cat', 'sat'], 3, true), ['the', 'cat', 'sat'], 3, true);
    check(ngrams(['the', 'cat', 'sat'], 2, true), ['the', 'cat', 'sat'], 2, true);
  });

  it("n = 1 with padding: no '<s>' at all, one '</s>'", () => {
    const { ngrams } = load();
    check(ngrams(['the', 'cat'], 1, true), ['the', 'cat'], 1, true);
    check(ngrams([], 1, true), [], 1, true);
  });

  it('padding when n is larger than the sentence, and for an empty sentence', () => {
    const { ngrams } = load();
    // ['hi'] with n = 4: <s> <s> <s> hi </s> holds two 4-grams.
    check(ngrams(['hi'], 4, true), ['hi'], 4, true);
    check(ngrams([], 2, true), [], 2, true);
    check(ngrams([], 5, true), [], 5, true);
  });

  it('pads the sentence as it was passed in (padding the caller’s array in place is noted, not failed)', () => {
    const { ngrams } = raw();
    const tokens = ['it', 'is', 'a', 'truth'];
    check(ngrams(tokens, 3, true), ['it', 'is', 'a', 'truth'], 3, true);
    if (!same(tokens, ['it', 'is', 'a', 'truth'])) {
      console.log(`Note: after ngrams(tokens, 3, true) the caller's array became ${show(tokens)}. The contract allows it, but the caller still uses that sentence — prefer building the padded sequence as a new array ([...starts, ...tokens, '</s>']).`);
    }
  });
});

describe('traditional-lms/ngrams: random sentences', () => {
  it('matches the reference on 300 seeded random sentences, n = 1..5, with and without padding', () => {
    const { ngrams } = load();
    const rand = seededRandom(2024);
    const words = ['a', 'b', 'c', 'the', 'of', 'and', 'x'];
    for (let trial = 0; trial < 300; trial++) {
      const len = Math.floor(rand() * 9);
      const tokens = Array.from({ length: len }, () => words[Math.floor(rand() * words.length)]);
      const n = 1 + Math.floor(rand() * 5);
      const pad = rand() < 0.5;
      check(ngrams(tokens, n, pad), tokens, n, pad);
    }
  });
});
