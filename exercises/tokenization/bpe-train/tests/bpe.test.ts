// Hidden tests for tokenization/bpe-train. Exact comparison of the merge list (integers, no tolerance).
// The rules, from the contract: byte-level over UTF-8 (ids 0–255), merge i creates id 256 + i; pairs are counted
// at every position (overlapping); the most frequent pair is merged, ties going to the pair whose first
// occurrence in the current sequence is earliest; replacement is left to right without overlap; training stops
// early when no pair occurs at least twice; vocabSize ≤ 256 means no merges.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/bpe';
import { courseText, learner, misconception, seededRandom } from '../../../kit';

type Pair = [number, number];
const load = () => learner<typeof Sol>('bpe.ts', ['trainBPE']);

// ---------------------------------------------------------------------------------------------------------------
// An independent reference, written differently from the solution on purpose: numeric pair keys, and the tie
// broken by an explicitly recorded first position instead of Map order. `variant` switches on one classic
// mistake at a time, so a wrong answer can be recognized by its fingerprint.

interface Variant {
  /** How the text becomes ids: UTF-8 bytes (right) or UTF-16 code units (the misconception). */
  units?: boolean;
  /** Count a run like a a a as one (a,a) instead of two. */
  nonOverlappingCount?: boolean;
  /** Break ties by something other than the earliest first occurrence. */
  tie?: 'latest' | 'smallest' | 'largest' | 'reused-map';
  /** Replace overlapping occurrences: a a a -> X X. */
  overlappingReplace?: boolean;
  /** Keep merging pairs that occur only once. */
  noEarlyStop?: boolean;
}

const KEY = 1 << 20;
const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const utf16 = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

function referenceTrain(text: string, vocabSize: number, v: Variant = {}): Pair[] {
  let ids = v.units ? utf16(text) : utf8(text);
  const merges: Pair[] = [];
  const everSeen = new Map<number, number>(); // for 'reused-map': when each key was first seen, in any step
  for (let step = 0; step < vocabSize - 256; step++) {
    const count = new Map<number, number>();
    const first = new Map<number, number>();
    for (let i = 0; i + 1 < ids.length; i++) {
      const k = ids[i] * KEY + ids[i + 1];
      count.set(k, (count.get(k) ?? 0) + 1);
      if (!first.has(k)) first.set(k, i);
      if (!everSeen.has(k)) everSeen.set(k, everSeen.size);
      // a a a: after counting (a,a) at i, skip the overlapping (a,a) at i + 1
      if (v.nonOverlappingCount && i + 2 < ids.length && ids[i] === ids[i + 1] && ids[i + 1] === ids[i + 2]) i++;
    }
    let best = -1;
    for (const k of count.keys()) {
      if (best < 0) { best = k; continue; }
      const [c, cb] = [count.get(k)!, count.get(best)!];
      if (c !== cb) { if (c > cb) best = k; continue; }
      const better =
        v.tie === 'latest' ? first.get(k)! > first.get(best)!
          : v.tie === 'smallest' ? k < best
            : v.tie === 'largest' ? k > best
              : v.tie === 'reused-map' ? everSeen.get(k)! < everSeen.get(best)!
                : first.get(k)! < first.get(best)!;
      if (better) best = k;
    }
    if (best < 0 || count.get(best)! < (v.noEarlyStop ? 1 : 2)) break;
    const pair: Pair = [Math.floor(best / KEY), best % KEY];
    const at = (j: number) => j + 1 < ids.length && ids[j] === pair[0] && ids[j + 1] === pair[1];
    const next: number[] = [];
    for (let i = 0; i < ids.length; ) {
      if (at(i)) {
        next.push(256 + step);
        i += v.overlappingReplace && at(i + 1) ? 1 : 2;
      } else next.push(ids[i++]);
    }
    ids = next;
    merges.push(pair);
  }
  return merges;
}

const MISTAKES: Array<[string, Variant, string]> = [
  ['tie broken by the latest first occurrence', { tie: 'latest' }, 'When two pairs have the same count, the contract merges the one whose FIRST occurrence in the current sequence is earliest. Yours picked a later one — often a `>=` where `>` belongs when scanning for the maximum, so a later tie replaces the earlier winner.'],
  ['tie broken by pair value', { tie: 'smallest' }, 'On a tie you picked the pair with the smallest ids. The tie-break is position, not value: the pair whose first occurrence in the current sequence is earliest wins. Scanning the sequence left to right and keeping the first pair with the highest count does exactly that.'],
  ['tie broken by pair value', { tie: 'largest' }, 'On a tie you picked the pair with the largest ids. The tie-break is position, not value: the pair whose first occurrence in the current sequence is earliest wins.'],
  ['tie broken by insertion order', { tie: 'reused-map' }, 'On a tie you picked the pair that entered your counts first in an EARLIER step (a Map kept across merges keeps its old insertion order). The tie-break is the first occurrence in the CURRENT sequence: recount into a fresh Map after every merge.'],
  ['counting pairs without overlap', { nonOverlappingCount: true }, 'In a a a the pair (a,a) occurs twice — at positions 0 and 1. Count the pair at every position i (ids[i], ids[i + 1]), overlapping, and only skip ahead when REPLACING.'],
  ['replacing overlapping occurrences', { overlappingReplace: true }, 'Merging (a,a) in a a a must give X a, not X X: replace left to right and, after a match, jump past BOTH ids (i += 2), so no id is used by two merges.'],
  ['working on UTF-16 code units instead of UTF-8 bytes', { units: true }, 'Your ids look like charCodeAt values (é = 233, 日 = 26085). Byte-level BPE starts from the UTF-8 bytes: new TextEncoder().encode(text) gives é = [195, 169]. Ids 0–255 are bytes, and 256 and up are merges — a code unit above 255 would collide with a merge id.'],
  ['no early stop', { noEarlyStop: true }, 'Training must stop as soon as no pair occurs at least twice: merging a pair that occurs once makes the vocabulary bigger without shortening anything.'],
];

const show = (m: unknown) => JSON.stringify(m);

/** Compares the learner's merges with the reference, naming the mistake whose fingerprint matches. */
function check(text: string, vocabSize: number, got: { merges: Array<[number, number]> } | undefined, what: string): void {
  assert.ok(got && Array.isArray(got.merges), `${what}: expected an object { merges: [...] }, got ${show(got)}`);
  const expected = referenceTrain(text, vocabSize);
  const actual = got.merges.map((p) => (Array.isArray(p) ? [...p] : p));
  if (show(actual) === show(expected)) return;
  const matches = MISTAKES.filter(([, v]) => show(actual) === show(referenceTrain(text, vocabSize, v)));
  if (matches.length) {
    const [name, , explanation] = matches[0];
    const others = [...new Set(matches.slice(1).map(([n]) => n).filter((n) => n !== name))];
    const also = others.length ? ` (This input cannot tell it apart from: ${others.join('; ')}.)` : '';
    throw misconception(name, `${what}: expected merges ${show(expected)}, got ${show(actual)}. ${explanation}${also}`, { expected, actual });
  }
  assert.deepEqual(actual, expected, `${what}: expected merges ${show(expected)}, got ${show(actual)}`);
}

const printable = (s: string) => (s.length > 40 ? `${JSON.stringify(s.slice(0, 40))}… (${s.length} chars)` : JSON.stringify(s));

describe('tokenization/bpe-train: worked examples', () => {
  it("'abcabcabd' gives [[97, 98], [256, 99]]: a tie goes to the pair that occurs first, then training stops early", () => {
    // bytes: a=97 b=98 c=99 d=100
    // step 0: (a,b)×3 (b,c)×2 (c,a)×2 (b,d)×1         -> (97, 98) becomes 256: 256 c 256 c 256 d
    // step 1: (256,c)×2 (c,256)×2 (256,d)×1           -> tie; (256, c) occurs first (position 0) -> 257: 257 257 256 d
    // step 2: (257,257) (257,256) (256,d), once each  -> no pair occurs twice: stop, although vocabSize allows 44
    const { trainBPE } = load();
    check('abcabcabd', 300, trainBPE('abcabcabd', 300), "trainBPE('abcabcabd', 300)");
  });

  it("'bcadxbcad': a three-way tie goes to the earliest pair, neither the smallest nor the largest", () => {
    // bytes: a=97 b=98 c=99 d=100 x=120
    // step 0: (b,c)×2 first at 0, (c,a)×2 at 1, (a,d)×2 at 2, (d,x)×1, (x,b)×1
    //         -> (98, 99) becomes 256 — not (97, 100), the smallest, nor (99, 97), the largest: 256 a d x 256 a d
    // step 1: (256,a)×2 at 0, (a,d)×2 at 1, (d,x)×1, (x,256)×1 -> (256, 97) becomes 257: 257 d x 257 d
    // step 2: (257,d)×2                                        -> (257, 100) becomes 258: 258 x 258
    // step 3: (258,x) and (x,258) once each                    -> stop
    const { trainBPE } = load();
    check('bcadxbcad', 300, trainBPE('bcadxbcad', 300), "trainBPE('bcadxbcad', 300)");
  });

  it("'bbabbaaa': the tie is decided in the CURRENT sequence, not by when a pair was first counted", () => {
    // bytes: a=97 b=98
    // step 0: (b,b)×2 at 0, (b,a)×2 at 1, (a,b)×1, (a,a)×2 at 5 -> (98, 98) becomes 256: 256 a 256 a a a
    // step 1: (256,a)×2 first at 0, (a,256)×1, (a,a)×2 first at 3 -> tie; (256, 97) occurs first -> 257: 257 257 a a
    //         (a Map reused from step 0 would still list (a,a) before the new (256,a), and pick (a,a))
    // step 2: (257,257) (257,a) (a,a) once each -> stop
    const { trainBPE } = load();
    check('bbabbaaa', 300, trainBPE('bbabbaaa', 300), "trainBPE('bbabbaaa', 300)");
  });
});

describe('tokenization/bpe-train: overlapping pairs', () => {
  it("'aaaa' merges (a,a) once: replacement is left to right without overlap", () => {
    // step 0: (a,a) at positions 0, 1, 2 -> count 3; merge left to right: [256, 256] (not [256, 256, 256])
    // step 1: (256,256) once -> stop. Merges: [[97, 97]]
    const { trainBPE } = load();
    check('aaaa', 300, trainBPE('aaaa', 300), "trainBPE('aaaa', 300)");
    // 'aaaab': (a,a)×3 -> 256 256 b -> every pair once -> [[97, 97]]
    check('aaaab', 300, trainBPE('aaaab', 300), "trainBPE('aaaab', 300)");
    // 'aaaaabaaab': (a,a)×6 -> 256 256 a b 256 a b -> (256,a)×2 and (a,b)×2, (256,a) first -> 257
    //   -> 256 257 b 257 b -> (257,b)×2 -> 258: 256 258 258 -> stop. Merges [[97,97],[256,97],[257,98]]
    check('aaaaabaaab', 300, trainBPE('aaaaabaaab', 300), "trainBPE('aaaaabaaab', 300)");
  });

  it("'aaabcbc' counts (a,a) twice, overlapping, so it ties with (b,c) and wins by occurring first", () => {
    // step 0: (a,a)×2 at 0 and 1 (overlapping!), (a,b)×1, (b,c)×2 at 3 and 5, (c,b)×1
    //         -> tie; (97, 97) occurs first -> 256: 256 a b c b c
    // step 1: (b,c)×2 -> 257: 256 a 257 257 -> stop. Merges [[97, 97], [98, 99]]
    //         (counting without overlap gives (a,a) only 1 and merges (b,c) first)
    const { trainBPE } = load();
    check('aaabcbc', 300, trainBPE('aaabcbc', 300), "trainBPE('aaabcbc', 300)");
    check('aaab', 300, trainBPE('aaab', 300), "trainBPE('aaab', 300)"); // (a,a)×2 -> [[97, 97]]
  });
});

describe('tokenization/bpe-train: UTF-8 bytes', () => {
  it("'ééé' starts from the bytes [195, 169] × 3, not from the code unit 233", () => {
    // é is U+00E9: one UTF-16 code unit (233), two UTF-8 bytes (195, 169)
    // step 0: (195,169)×3 (169,195)×2 -> 256: 256 256 256
    // step 1: (256,256)×2, overlapping -> 257: 257 256 -> stop. Merges [[195, 169], [256, 256]]
    const { trainBPE } = load();
    check('ééé', 300, trainBPE('ééé', 300), "trainBPE('ééé', 300)");
  });

  it('multi-byte text — accents, CJK and emoji — matches the reference', () => {
    const { trainBPE } = load();
    const texts = ['日本語日本語日本', 'ñandú ñandú ñu', '😀😀😀👍😀👍', 'año 年 año 年 🎉🎉 año', 'Ωμέγα ωμέγα Ωμέγα'];
    for (const text of texts) check(text, 280, trainBPE(text, 280), `trainBPE(${printable(text)}, 280)`);
  });
});

describe('tokenization/bpe-train: vocabulary size', () => {
  it('vocabSize ≤ 256 makes no merges; 257 makes exactly one; empty and one-byte texts make none', () => {
    const { trainBPE } = load();
    for (const size of [256, 255, 100, 0]) {
      const got = trainBPE('hello hello hello', size);
      assert.deepEqual(got?.merges, [], `trainBPE('hello hello hello', ${size}) should make no merges (the 256 byte ids already fill a vocabulary of ${size}), got ${show(got?.merges)}`);
    }
    check('hello hello hello', 257, trainBPE('hello hello hello', 257), "trainBPE('hello hello hello', 257)");
    assert.deepEqual(trainBPE('', 300)?.merges, [], "trainBPE('', 300) should make no merges");
    assert.deepEqual(trainBPE('x', 300)?.merges, [], "trainBPE('x', 300) should make no merges");
    assert.deepEqual(trainBPE('xy', 300)?.merges, [], "trainBPE('xy', 300) should make no merges: (x,y) occurs once");
  });

  it('stops at exactly vocabSize − 256 merges when pairs remain', () => {
    const { trainBPE } = load();
    const text = 'the cat sat on the mat; the cat ate the rat. '.repeat(4);
    for (const size of [258, 261, 270]) check(text, size, trainBPE(text, size), `trainBPE(<cat text>, ${size})`);
  });
});

describe('tokenization/bpe-train: random and real text', () => {
  it('matches the reference on 60 seeded random strings over small alphabets, some multi-byte', () => {
    const { trainBPE } = load();
    const rand = seededRandom(20260303);
    const alphabets = ['ab', 'abc', 'ab ', 'aab', 'xyz ', 'aé', 'é日', 'a😀 ', 'abcd'];
    for (let trial = 0; trial < 60; trial++) {
      const alphabet = [...alphabets[Math.floor(rand() * alphabets.length)]];
      const length = 1 + Math.floor(rand() * 120);
      const text = Array.from({ length }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const size = 256 + Math.floor(rand() * 40);
      check(text, size, trainBPE(text, size), `trial ${trial}: trainBPE(${printable(text)}, ${size})`);
    }
  });

  it('matches the reference on 8,000 characters of Pride and Prejudice with 40 merges', () => {
    const { trainBPE } = load();
    const text = courseText('austen/prideprejudice.txt', { maxChars: 8000 });
    check(text, 296, trainBPE(text, 296), 'trainBPE(the first 8,000 characters of Pride and Prejudice, 296)');
  });
});
