// Byte-level byte-pair encoding (BPE), the training half: learn a list of merges from a text. The text becomes
// its UTF-8 bytes (ids 0–255, so every string on earth can be represented), and then one step repeats: count
// every adjacent pair of ids, and replace the most frequent pair everywhere by a brand-new id. Merge i creates
// id 256 + i. This is the algorithm behind GPT-2's tokenizer, in the style of Karpathy's minbpe.
// Deliberately left out: encoding new text and decoding (the next exercise), regex pre-tokenization and special
// tokens (the one after), and any attempt at speed — each step simply recounts the whole sequence.

/** A pair of adjacent token ids, e.g. [97, 98] for the bytes of "ab". */
export type Pair = [number, number];

/**
 * Step 1. The UTF-8 bytes of a string, as numbers 0–255. A JavaScript string is UTF-16 inside; TextEncoder
 * turns it into UTF-8, where ASCII takes one byte and other characters two to four.
 *
 *   textToBytes('ab')  -> [97, 98]
 *   textToBytes('é')   -> [195, 169]              (one character, two bytes)
 *   textToBytes('😀')  -> [240, 159, 152, 128]    (one character, two UTF-16 units, four bytes)
 */
export function textToBytes(text: string): number[] {
  return Array.from(new TextEncoder().encode(text));
}

/**
 * Step 2. Count every adjacent pair, at every position — overlapping, so [97, 97, 97] holds (97, 97) twice.
 * The Map is keyed by 'a,b' strings (arrays are compared by identity in a Map, so [1, 2] would never match
 * another [1, 2]), and a Map remembers insertion order: scanning left to right, the pairs come out in the order
 * of their first occurrence, which is exactly what the tie-break in step 3 needs.
 *
 *   getStats([1, 2, 3, 1, 2]) -> Map { '1,2' => 2, '2,3' => 1, '3,1' => 1 }
 *   getStats([97, 97, 97])    -> Map { '97,97' => 2 }
 */
export function getStats(ids: number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < ids.length; i++) {
    const key = `${ids[i]},${ids[i + 1]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Step 3. The pair to merge next: the highest count; on a tie, the pair whose first occurrence is earliest,
 * which is the first one the Map yields (so only a strictly greater count may replace the best so far).
 * Returns undefined when no pair occurs at least twice — merging a pair that occurs once saves nothing.
 *
 *   mostFrequentPair(Map { '1,2' => 2, '2,3' => 1 })  -> [1, 2]
 *   mostFrequentPair(Map { '5,6' => 2, '6,5' => 2 })  -> [5, 6]      (a tie: '5,6' occurs first)
 *   mostFrequentPair(Map { '1,2' => 1, '2,3' => 1 })  -> undefined
 */
export function mostFrequentPair(stats: Map<string, number>): Pair | undefined {
  let best: string | undefined;
  let bestCount = 1;
  for (const [key, count] of stats) {
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  if (best === undefined) return undefined;
  const [a, b] = best.split(',').map(Number);
  return [a, b];
}

/**
 * Step 4. Replace every occurrence of `pair` by `newId`, left to right, without overlap: after a match, skip
 * both of its ids. Returns a new array.
 *
 *   merge([1, 2, 3, 1, 2], [1, 2], 256) -> [256, 3, 256]
 *   merge([97, 97, 97], [97, 97], 256)  -> [256, 97]      (not [256, 256]: the middle 97 is used once)
 */
export function merge(ids: number[], pair: Pair, newId: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < ids.length) {
    if (i + 1 < ids.length && ids[i] === pair[0] && ids[i + 1] === pair[1]) {
      out.push(newId);
      i += 2;
    } else {
      out.push(ids[i]);
      i += 1;
    }
  }
  return out;
}

/**
 * Step 5. Train: start from the bytes of `text` and make up to vocabSize − 256 merges, merge i creating id
 * 256 + i. Stop early when no pair occurs at least twice. vocabSize ≤ 256 means no merges at all.
 *
 *   trainBPE('abcabcabd', 300) -> { merges: [[97, 98], [256, 99]] }
 *     step 0: pairs (a,b)×3 (b,c)×2 (c,a)×2 (b,d)×1      -> merge (97, 98) into 256: 256 c 256 c 256 d
 *     step 1: pairs (256,c)×2 (c,256)×2 (256,d)×1        -> a tie; (256, c) occurs first -> 257: 257 257 256 d
 *     step 2: every pair occurs once                      -> stop early
 */
export function trainBPE(text: string, vocabSize: number): { merges: Array<[number, number]> } {
  let ids = textToBytes(text);
  const merges: Pair[] = [];
  for (let i = 0; i < vocabSize - 256; i++) {
    const pair = mostFrequentPair(getStats(ids));
    if (pair === undefined) break;
    ids = merge(ids, pair, 256 + i);
    merges.push(pair);
  }
  return { merges };
}
