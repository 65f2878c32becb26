// Hidden tests for tokenization/bpe-encode-decode. Exact comparison (integers and strings, no tolerance).
// Contract: decode(encode(s)) === s for every well-formed string (no lone surrogates), including multi-byte UTF-8
// split across tokens and a leading U+FEFF. The contract does not fix WHICH ids encode picks (merge-index order as
// in minbpe, replaying the merges, greedy longest match… all round-trip), so encode is checked by properties that
// hold for every correct encoder: the ids are valid (0 … 255 + merges.length), they spell exactly the text's UTF-8
// bytes (id 256 + i = the bytes of merges[i][0] then merges[i][1], as trainBPE made them), they are never more than
// the bytes and fewer once a merge applies, and with no merges they ARE the bytes.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/bpe-codec';
import type { Pair } from '../../../kit';
import { applyMerges, courseText, learner, misconception, seededRandom, trainMerges, utf8 } from '../../../kit';

const load = () => learner<typeof Sol>('bpe-codec.ts', ['encode', 'decode']);

// ---------------------------------------------------------------------------------------------------------------
// Independent references: a trainer (the bpe-train contract), encode by replaying every merge once in order, and
// decode through Node's Buffer (which, unlike TextDecoder, never drops a BOM).

const referenceTrain = (text: string, vocabSize: number): Pair[] => trainMerges([utf8(text)], vocabSize);

const referenceEncode = (text: string, merges: Pair[]) => applyMerges(utf8(text), merges);

function referenceBytes(merges: Pair[]): number[][] {
  const vocab = Array.from({ length: 256 }, (_, b) => [b]);
  for (const [a, b] of merges) vocab.push([...vocab[a], ...vocab[b]]);
  return vocab;
}
const referenceDecode = (ids: number[], merges: Pair[]) => {
  const vocab = referenceBytes(merges);
  return Buffer.from(ids.flatMap((id) => vocab[id])).toString('utf8');
};

// ---------------------------------------------------------------------------------------------------------------
// Fingerprints of classic mistakes.

const show = (x: unknown) => JSON.stringify(x);
const codePoints = (s: string) => [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
const printable = (s: string) => (s.length > 30 ? `${JSON.stringify(s.slice(0, 30))}… (${s.length} chars)` : JSON.stringify(s));

/** What decoding each token on its own and concatenating the pieces gives. */
function tokenByToken(ids: number[], merges: Pair[]): string {
  const vocab = referenceBytes(merges);
  return ids.map((id) => new TextDecoder().decode(Uint8Array.from(vocab[id]))).join('');
}

function checkDecode(got: unknown, ids: number[], merges: Pair[], expected: string, what: string): void {
  if (got === expected) return;
  if (typeof got === 'string') {
    if (expected.startsWith('\uFEFF') && got === expected.slice(1)) {
      throw misconception('TextDecoder strips the BOM', `${what}: the text starts with U+FEFF (a byte-order mark, bytes 239 187 191), and your decode dropped it. new TextDecoder() removes a leading BOM by default; create it as new TextDecoder('utf-8', { ignoreBOM: true }) so decode gives back exactly what was encoded.`, { expected, actual: got });
    }
    if (got === tokenByToken(ids, merges) && got.includes('\uFFFD')) {
      throw misconception('decoding token by token', `${what}: expected ${printable(expected)}, got ${printable(got)}. A multi-byte character can be split across two tokens, and half a character decodes to U+FFFD (�). Concatenate the bytes of all the ids first, then decode the UTF-8 once.`, { expected, actual: got });
    }
    const bytes = referenceBytes(merges);
    if (got === String.fromCharCode(...ids.flatMap((id) => bytes[id]))) {
      throw misconception('decoding one character per byte', `${what}: expected ${printable(expected)}, got ${printable(got)}. String.fromCharCode turns each byte into its own character (Latin-1); the bytes are UTF-8, where é is the two bytes 195 169. Decode them with new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(bytes)).`, { expected, actual: got });
    }
  }
  assert.equal(got, expected, `${what}: expected ${printable(expected)} (${codePoints(expected.slice(0, 12))}…), got ${typeof got === 'string' ? `${printable(got)} (${codePoints(got.slice(0, 12))}…)` : show(got)}`);
}

/** The ids must stand for exactly the text's UTF-8 bytes; `compresses` also demands fewer ids than bytes. */
function checkEncode(got: unknown, text: string, merges: Pair[], what: string, compresses = false): void {
  const bytes = utf8(text);
  const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  if (merges.length === 0 && show(got) === show(units) && show(units) !== show(bytes)) {
    throw misconception('working on UTF-16 code units instead of UTF-8 bytes', `${what}: expected the UTF-8 bytes ${show(bytes)}, got the charCodeAt values ${show(got)}. Start from Array.from(new TextEncoder().encode(text)).`, { expected: bytes, actual: got });
  }
  assert.ok(Array.isArray(got), `${what}: encode returned ${show(got)}, not an array of ids`);
  const size = 256 + merges.length;
  const bad = (got as unknown[]).findIndex((id) => !Number.isInteger(id) || (id as number) < 0 || (id as number) >= size);
  assert.ok(bad < 0, `${what}: id ${show((got as unknown[])[bad])} at position ${bad} is not in the vocabulary (ids are integers 0 … ${size - 1} with ${merges.length} merges)`);
  const ids = got as number[];
  const vocab = referenceBytes(merges);
  const spelled = ids.flatMap((id) => vocab[id]);
  assert.deepEqual(spelled, bytes, `${what}: the ids ${show(ids).slice(0, 200)} stand for the bytes ${show(spelled).slice(0, 200)}, not the UTF-8 bytes of the text ${show(bytes).slice(0, 200)} (id 256 + i is the bytes of merges[i][0] followed by those of merges[i][1])`);
  if (compresses) {
    assert.ok(ids.length < bytes.length, `${what}: ${ids.length} ids for ${bytes.length} bytes — the merges were not applied (some merge's pair occurs in the text, so encode should need fewer ids than bytes)`);
  }
}

/** A random well-formed string mixing ASCII, accented Latin, CJK and emoji (never a lone surrogate). */
const POOLS = ['abcdefghij klmno', 'áéíóúñüçàèÁÉ', '日本語中文字漢', '😀👍🎉🚀🌍', '.,;!? '];
function randomText(rand: () => number, length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    const pool = [...POOLS[Math.floor(rand() * POOLS.length)]];
    out.push(pool[Math.floor(rand() * pool.length)]);
  }
  return out.join('');
}

describe('tokenization/bpe-encode-decode: encode', () => {
  it("encodes with the 'abcabcabd' merges [[97, 98], [256, 99]] into fewer ids than bytes", () => {
    // 256 = "ab", 257 = "abc"; minbpe's order gives [257, 257, 256, 100], but any ids that spell the bytes will do
    const { encode } = load();
    const merges: Pair[] = [[97, 98], [256, 99]];
    checkEncode(encode('abcabcabd', merges), 'abcabcabd', merges, "encode('abcabcabd', merges)", true);
    checkEncode(encode('abcabd', merges), 'abcabd', merges, "encode('abcabd', merges)", true);
    checkEncode(encode('bca', merges), 'bca', merges, "encode('bca', merges)"); // [98, 99, 97]: no merge applies
    assert.deepEqual(encode('', merges), [], "encode('', merges) should be []");
  });

  it('handles competing and chained merges, and merges more than the first occurrence', () => {
    const { encode } = load();
    // 256 = (b,c), learned first; 257 = (a,b). In 'abc' both pairs occur: [97, 256] (merge order, minbpe) and
    // [257, 99] both spell the text; either is fine, but some merge must apply.
    const merges: Pair[] = [[98, 99], [97, 98]];
    checkEncode(encode('abc', merges), 'abc', merges, "encode('abc', [[98, 99], [97, 98]])", true);
    // chained merges: 256 = (a,a), 257 = (256,a)
    const chain: Pair[] = [[97, 97], [256, 97]];
    for (const text of ['aaa', 'aaaa', 'aaaaa']) checkEncode(encode(text, chain), text, chain, `encode('${text}', [[97, 97], [256, 97]])`, true);
    // every occurrence, not just the first: 'abababab' with [[97, 98]] is 8 bytes; merging only the first (a,b)
    // leaves 7 ids, merging them all gives 4
    const all = encode('abababab', [[97, 98]]);
    checkEncode(all, 'abababab', [[97, 98]], "encode('abababab', [[97, 98]])", true);
    assert.ok(all.length < 7, `encode('abababab', [[97, 98]]) gave ${show(all)}: only the first occurrence of (a,b) was merged. Merge every occurrence: [256, 256, 256, 256].`);
  });

  it('starts from UTF-8 bytes: with no merges, é is [195, 169] and 😀 is [240, 159, 152, 128]', () => {
    const { encode } = load();
    for (const text of ['é', '😀', 'año 日本']) checkEncode(encode(text, []), text, [], `encode(${JSON.stringify(text)}, [])`);
  });

  it('on 40 seeded random mixed-script strings with trained merges: valid ids that spell the text, fewer than its bytes', () => {
    const { encode } = load();
    const rand = seededRandom(777);
    const merges = referenceTrain(randomText(rand, 1500), 256 + 120);
    let ids = 0;
    let bytes = 0;
    for (let trial = 0; trial < 40; trial++) {
      const text = randomText(rand, 1 + Math.floor(rand() * 60));
      const got = encode(text, merges);
      checkEncode(got, text, merges, `trial ${trial}: encode(${printable(text)}, 120 trained merges)`);
      ids += got.length;
      bytes += utf8(text).length;
    }
    // minbpe's order needs 0.41 ids per byte here; merging only the first occurrence of each pair needs 0.78
    assert.ok(ids < 0.6 * bytes, `40 random strings of ${bytes} bytes took ${ids} ids in all: the 120 trained merges hardly compressed them (expected under ${Math.round(0.6 * bytes)}) — is every occurrence of a pair merged, and are merges built on earlier merges applied?`);
  });
});

describe('tokenization/bpe-encode-decode: decode', () => {
  it('decodes raw bytes and the worked example', () => {
    const { decode } = load();
    checkDecode(decode([104, 105], []), [104, 105], [], 'hi', 'decode([104, 105], [])');
    checkDecode(decode([195, 169], []), [195, 169], [], 'é', 'decode([195, 169], [])');
    checkDecode(decode([240, 159, 152, 128], []), [240, 159, 152, 128], [], '😀', 'decode([240, 159, 152, 128], [])');
    const merges: Pair[] = [[97, 98], [256, 99]];
    checkDecode(decode([257, 256, 100], merges), [257, 256, 100], merges, 'abcabd', 'decode([257, 256, 100], [[97, 98], [256, 99]])');
    checkDecode(decode([], merges), [], merges, '', 'decode([], merges)');
  });

  it('decodes a character split across tokens: é = 195 169 with the merge (a, 195)', () => {
    const { decode, encode } = load();
    // 256 = (97, 195) = "a" + the first byte of é. encode('aé') = [256, 169]: é is split across two tokens.
    // Decoding 256 alone gives "a\uFFFD" — only the bytes of both tokens together make é.
    const merges: Pair[] = [[97, 195]];
    checkEncode(encode('aé', merges), 'aé', merges, "encode('aé', [[97, 195]])");
    checkDecode(decode([256, 169], merges), [256, 169], merges, 'aé', "decode([256, 169], [[97, 195]])");
    // 😀 = 240 159 152 128 spread over three tokens: 256 = (98, 240) = b + its first byte, 257 = (159, 152), then 128
    const emoji: Pair[] = [[98, 240], [159, 152]];
    checkDecode(decode([97, 256, 257, 128], emoji), [97, 256, 257, 128], emoji, 'ab😀', 'decode([97, 256, 257, 128], [[98, 240], [159, 152]])');
  });

  it('keeps a leading U+FEFF (byte-order mark): decode(encode(s)) === s', () => {
    const { decode, encode } = load();
    const merges: Pair[] = [[239, 187], [256, 191]];
    for (const text of ['\uFEFFhola', '\uFEFF', '\uFEFF\uFEFFx']) {
      const ids = encode(text, merges);
      checkEncode(ids, text, merges, `encode(${JSON.stringify(text)}, merges)`);
      checkDecode(decode(ids, merges), ids, merges, text, `decode(encode(${JSON.stringify(text)}))`);
      checkDecode(decode(utf8(text), []), utf8(text), [], text, `decode(the UTF-8 bytes of ${JSON.stringify(text)}, [])`);
    }
  });
});

describe('tokenization/bpe-encode-decode: round trip', () => {
  it('decode(encode(s)) === s on 80 seeded random strings of ASCII, accented Latin, CJK and emoji', () => {
    const { decode, encode } = load();
    const rand = seededRandom(4242);
    // trained on the same mix, so many merges end in the middle of a character
    const merges = referenceTrain(randomText(rand, 2000), 256 + 150);
    for (let trial = 0; trial < 80; trial++) {
      const text = (rand() < 0.1 ? '\uFEFF' : '') + randomText(rand, Math.floor(rand() * 80));
      const ids = encode(text, merges);
      assert.ok(Array.isArray(ids), `trial ${trial}: encode returned ${show(ids)}, not an array`);
      checkDecode(decode(ids, merges), ids, merges, text, `trial ${trial}: decode(encode(${printable(text)}))`);
    }
  });

  it('round-trips held-out Spanish (Reina-Valera 1909) with 150 merges trained on the text before it', () => {
    const { decode, encode } = load();
    const corpus = courseText('spanish/reina-valera-1909.txt', { maxChars: 32_000 });
    const merges = referenceTrain(corpus.slice(0, 20_000), 256 + 150);
    const heldOut = corpus.slice(20_000);
    const ids = encode(heldOut, merges);
    checkEncode(ids, heldOut, merges, 'encode(12,000 held-out characters of Spanish, 150 merges)');
    const bytes = utf8(heldOut).length;
    assert.ok(ids.length < 0.8 * bytes, `encode(12,000 held-out characters of Spanish, 150 merges) gave ${ids.length} ids for ${bytes} bytes: the merges hardly compressed it (the reference needs about ${referenceEncode(heldOut, merges).length})`);
    checkDecode(decode(ids, merges), ids, merges, heldOut, 'decode(encode(12,000 held-out characters of Spanish))');
    assert.equal(referenceDecode(ids, merges), heldOut, 'the reference decode disagrees with the text — the test itself is broken');
  });
});
