// A GPT-2-style tokenizer: byte-level BPE that never merges across word boundaries, plus special tokens.
// Before BPE sees the text, a regular expression cuts it into pre-tokens ("chunks"): words with their leading
// space, runs of digits, runs of punctuation, white space, and English contractions. Training counts pairs inside
// chunks only, so no merge ever glues the end of one word to the start of the next ("e t" in "the tree"), and
// the same word always becomes the same tokens wherever it appears. Special tokens such as <|endoftext|> are
// matched before anything else, never split, and map to reserved ids.
// This file builds on your previous exercise: it imports encode and decode from ../bpe-encode-decode/bpe-codec.
// (If that exercise is not in your workspace, the grader uses its reference solution and says so.)
// Deliberately left out: GPT-4's newer split pattern (case-insensitive contractions, 1–3 digit numbers) and the
// byte-to-unicode remapping GPT-2 uses to store its vocabulary as text.
//
//   splitPretokens("Hello, world! I'm here") -> ['Hello', ',', ' world', '!', ' I', "'m", ' here']
//   const tok = new RegexTokenizer({ '<|endoftext|>': 100257 });
//   tok.train(text, 512);
//   tok.encode('hi<|endoftext|>', { allowedSpecial: 'all' }) -> [...ids of 'hi', 100257]

import { decode, encode } from '../bpe-encode-decode/bpe-codec';

/**
 * GPT-2's pre-tokenization pattern, in JavaScript (the u flag makes \p{L} "any letter" and \p{N} "any number").
 * Alternatives are tried left to right at each position:
 *   's 't 're 've 'm 'll 'd    English contractions (lower-case only, as in GPT-2)
 *    ?\p{L}+                   a run of letters, with at most one space in front:   ' world'
 *    ?\p{N}+                   a run of digits, with at most one space in front:    ' 1909'
 *    ?[^\s\p{L}\p{N}]+         a run of anything else (punctuation, emoji):         ' ¡', '!!'
 *   \s+(?!\S)                  white space, but not the last space before a word (that one goes with the word)
 *   \s+                        any remaining white space
 */
export const GPT2_SPLIT_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Step 1. Cut text into pre-tokens: every match of GPT2_SPLIT_PATTERN, in order. Together they cover the whole
 * text, so joining them gives it back.
 *
 *   splitPretokens('Hello, world!!')     -> ['Hello', ',', ' world', '!!']
 *   splitPretokens("I'm here   now\n")    -> ['I', "'m", ' here', '  ', ' now', '\n']
 *   splitPretokens('año 1909: ¡sí!')     -> ['año', ' 1909', ':', ' ¡', 'sí', '!']
 */
export function splitPretokens(text: string): string[] {
  return text.match(GPT2_SPLIT_PATTERN) ?? [];
}

/**
 * Step 2. BPE training over chunks: the bpe-train rules, except that pairs are counted inside each chunk only,
 * never across the boundary between two chunks. Counts are summed over all chunks; a tie goes to the pair whose
 * first occurrence is earliest, reading the chunks in order; replacement is left to right without overlap within
 * each chunk; merge i creates id 256 + i; training stops early when no pair occurs at least twice in total.
 *
 * An optional speed-up (same result; the reference solution uses it): a text repeats the same chunks over and
 * over (' the' thousands of times), so count each distinct chunk once and weigh its pairs by how often it occurs.
 * Keeping the distinct chunks in order of first appearance keeps the tie-break the same.
 *
 *   trainOnChunks(['ab', 'ab', 'ba'], 300) -> [[97, 98]]     (a,b) ×2, (b,a) ×1 -> merge (a,b); then nothing repeats
 *   trainOnChunks(['a', 'b', 'a', 'b'], 300) -> []          no chunk holds a pair — while 'abab' as one text would
 *                                                           merge (a,b), which occurs twice across boundaries
 */
export function trainOnChunks(chunks: string[], vocabSize: number): Array<[number, number]> {
  const frequency = new Map<string, number>();
  for (const c of chunks) frequency.set(c, (frequency.get(c) ?? 0) + 1);
  const words = [...frequency].map(([chunk, count]) => ({ ids: Array.from(new TextEncoder().encode(chunk)), count }));

  const merges: Array<[number, number]> = [];
  for (let i = 0; i < vocabSize - 256; i++) {
    const stats = new Map<string, number>();
    for (const { ids, count } of words) {
      for (let j = 0; j + 1 < ids.length; j++) {
        const key = `${ids[j]},${ids[j + 1]}`;
        stats.set(key, (stats.get(key) ?? 0) + count);
      }
    }
    let best: string | undefined;
    let bestCount = 1;
    for (const [key, count] of stats) {
      if (count > bestCount) {
        best = key;
        bestCount = count;
      }
    }
    if (best === undefined) break;
    const [a, b] = best.split(',').map(Number);
    for (const w of words) w.ids = replacePair(w.ids, a, b, 256 + i);
    merges.push([a, b]);
  }
  return merges;
}

/** Replaces (a, b) by newId, left to right, without overlap (written for you: the same rule as bpe-train's merge). */
export function replacePair(ids: number[], a: number, b: number, newId: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; ) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(newId);
      i += 2;
    } else out.push(ids[i++]);
  }
  return out;
}

/** Which special tokens encode recognizes: all registered ones, none (they are ordinary text), or a list. */
export type AllowedSpecial = 'all' | 'none' | string[];

export class RegexTokenizer {
  /** The learned merges: merges[i] became id 256 + i. Empty until train() runs. */
  merges: Array<[number, number]> = [];
  /** Special token string -> its reserved id, e.g. '<|endoftext|>' -> 100257. */
  readonly specialTokens: Map<string, number>;
  /** Chunk -> ids, so a chunk seen before is not merged again (' the' occurs thousands of times). */
  private cache = new Map<string, number[]>();
  /** The merges the cache was filled with: assigning new merges (or training) empties it. */
  private cacheMerges: Array<[number, number]> = [];

  constructor(specialTokens: Record<string, number> = {}) {
    this.specialTokens = new Map(Object.entries(specialTokens));
  }

  /**
   * Step 3. Learn merges from text: pre-tokenize, then trainOnChunks. Special tokens get no special treatment
   * here: they are ordinary text to the trainer.
   */
  train(text: string, vocabSize: number): void {
    this.merges = trainOnChunks(splitPretokens(text), vocabSize);
  }

  /**
   * The ids of one chunk: your bpe-codec's encode, remembered in a cache (written for you). A text repeats the
   * same chunks over and over, and merging ' the' once is enough.
   */
  encodeChunk(chunk: string): number[] {
    if (this.cacheMerges !== this.merges) {
      this.cache.clear();
      this.cacheMerges = this.merges;
    }
    let ids = this.cache.get(chunk);
    if (ids === undefined) {
      ids = encode(chunk, this.merges);
      this.cache.set(chunk, ids);
    }
    return ids;
  }

  /** The text of a run of ordinary ids (bytes and merges, no special ids): your bpe-codec's decode (written for you). */
  decodeOrdinary(ids: number[]): string {
    return decode(ids, this.merges);
  }

  /**
   * Step 4. Encode text without special tokens: pre-tokenize, encode every chunk on its own (encodeChunk), and
   * concatenate.
   *
   *   merges [[97, 98], [256, 32]]:  encodeOrdinary('ab ab') -> [256, 32, 256]   ('ab' | ' ab': 257 = 'ab ' never applies)
   */
  encodeOrdinary(text: string): number[] {
    const ids: number[] = [];
    for (const chunk of splitPretokens(text)) ids.push(...this.encodeChunk(chunk));
    return ids;
  }

  /**
   * Step 5. Encode with special tokens. allowedSpecial 'none' (the default) treats every special token as
   * ordinary text; 'all' recognizes every registered one; a list recognizes those it names (each must be
   * registered, or encode throws). Recognized special tokens are cut out of the text first — the leftmost match,
   * the longest one when several start at the same place — and become their reserved id; the text between them
   * is encoded with encodeOrdinary.
   *
   *   tok.encode('a<|endoftext|>b', { allowedSpecial: 'all' })  -> [97, 100257, 98]      (no merges)
   *   tok.encode('a<|endoftext|>b')                             -> [97, 60, 124, 101, ...] (just text)
   */
  encode(text: string, options: { allowedSpecial?: AllowedSpecial } = {}): number[] {
    const allowed = options.allowedSpecial ?? 'none';
    const names = allowed === 'all' ? [...this.specialTokens.keys()] : allowed === 'none' ? [] : allowed;
    for (const name of names) {
      if (!this.specialTokens.has(name)) throw new Error(`encode: ${JSON.stringify(name)} is not a registered special token`);
    }
    if (names.length === 0) return this.encodeOrdinary(text);
    // Longest first, so that of two special tokens starting at the same place the longer one wins.
    const escaped = [...names].sort((x, y) => y.length - x.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = new RegExp(`(${escaped.join('|')})`, 'u');
    const ids: number[] = [];
    // split with a capturing group keeps the separators: text, special, text, special, ..., text
    text.split(pattern).forEach((part, i) => {
      if (i % 2 === 1) ids.push(this.specialTokens.get(part)!);
      else if (part) ids.push(...this.encodeOrdinary(part));
    });
    return ids;
  }

  /**
   * Step 6. Decode: special ids become their strings, every run of other ids between them goes through
   * decodeOrdinary. An id that is neither a byte, a merge nor a special token throws an Error.
   *
   *   tok.decode(tok.encode(s, { allowedSpecial: 'all' })) === s
   */
  decode(ids: number[]): string {
    const byId = new Map([...this.specialTokens].map(([name, id]) => [id, name]));
    const maxId = 255 + this.merges.length;
    let out = '';
    let run: number[] = [];
    for (const id of ids) {
      const special = byId.get(id);
      if (special !== undefined) {
        out += this.decodeOrdinary(run) + special;
        run = [];
      } else if (Number.isInteger(id) && id >= 0 && id <= maxId) {
        run.push(id);
      } else {
        throw new Error(`decode: unknown token id ${id} (bytes and merges are 0–${maxId}, special ids ${[...byId.keys()].join(', ') || 'none'})`);
      }
    }
    return out + this.decodeOrdinary(run);
  }
}
