// Byte-level BPE, the using half: turn text into token ids with a list of merges (encode), and ids back into
// text (decode). The merges are what the previous exercise's trainBPE learns: merges[i] = [a, b] means "the
// pair (a, b) became id 256 + i". Ids 0–255 are raw UTF-8 bytes.
// This file is self-contained (it repeats the tiny pair-merging helper instead of importing bpe.ts), so it works
// with merges from any trainer. Deliberately left out: regex pre-tokenization and special tokens (next exercise).
//
//   merges = [[97, 98], [256, 99]]           (from trainBPE('abcabcabd', 300): 256 = "ab", 257 = "abc")
//   encode('abcabd', merges) -> [257, 256, 100]
//   decode([257, 256, 100], merges) -> 'abcabd'
//
// replacePair is written for you (it is step 4 of the training exercise). Work through steps 1–4 in order.

/** A pair of adjacent token ids, e.g. [97, 98] for the bytes of "ab". */
export type Pair = [number, number];

/**
 * Step 1. Where each merge sits in the list: a Map from 'a,b' to its index i (the pair became 256 + i).
 * encode uses it to find, among the pairs in a sequence, the one that was learned first.
 *
 *   mergeRanks([[97, 98], [256, 99]]) -> Map { '97,98' => 0, '256,99' => 1 }
 */
export function mergeRanks(merges: Array<[number, number]>): Map<string, number> {
  throw new Error(`TODO: step 1 — map each of the ${merges.length} merges' 'a,b' key to its index i`);
}

/**
 * Replaces every occurrence of `pair` by `newId`, left to right, without overlap (the same rule as training).
 *
 *   replacePair([97, 97, 97], [97, 97], 256) -> [256, 97]
 */
export function replacePair(ids: number[], pair: Pair, newId: number): number[] {
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
 * Step 2. Encode: start from the UTF-8 bytes of `text` and apply merges in MERGE ORDER, like minbpe. Repeat:
 * among the adjacent pairs of the current sequence, find the one with the lowest merge index; stop if no pair is
 * a merge; otherwise replace all its occurrences by 256 + index. Applying merges in the order they were learned
 * reproduces, on the training text, exactly the sequence training ended with.
 *
 *   merges = [[98, 99], [97, 98]]       (256 = "bc", learned first; 257 = "ab")
 *   encode('abc', merges) -> [97, 256]   (b c is merge 0, so it wins over a b — even though a b comes first)
 *   encode('é', [])       -> [195, 169]  (no merges: the raw UTF-8 bytes)
 */
export function encode(text: string, merges: Array<[number, number]>): number[] {
  throw new Error(`TODO: step 2 — UTF-8 bytes of the text (${text.length} units), then repeatedly merge the pair with the lowest merge index among ${merges.length} (replacePair does the replacing)`);
}

/**
 * Step 3. The bytes behind every id: ids 0–255 are themselves, and merge i's id 256 + i stands for the bytes of
 * its two halves, one after the other. The halves always have smaller ids, so one pass in order fills the table.
 *
 *   vocabBytes([[97, 98], [256, 99]])[256] -> [97, 98]
 *   vocabBytes([[97, 98], [256, 99]])[257] -> [97, 98, 99]
 */
export function vocabBytes(merges: Array<[number, number]>): number[][] {
  throw new Error(`TODO: step 3 — bytes of ids 0–255, then for each of the ${merges.length} merges the bytes of its two halves`);
}

/**
 * Step 4. Decode: concatenate the bytes of ALL the ids first, then decode the UTF-8 once — a character can be
 * split across two tokens, and half a character decodes to the replacement character U+FFFD. Keep a leading
 * byte-order mark: TextDecoder strips U+FEFF from the start unless told `ignoreBOM: true`.
 *
 *   decode([257, 256, 100], [[97, 98], [256, 99]]) -> 'abcabd'
 *   decode([256, 169], [[97, 195]])                -> 'aé'    (é = 195 169 is split across the two tokens)
 *   decode([239, 187, 191, 104, 105], [])          -> '\uFEFFhi'
 */
export function decode(ids: number[], merges: Array<[number, number]>): string {
  throw new Error(`TODO: step 4 — concatenate the bytes of all ${ids.length} ids (vocabBytes(merges) has them; ${merges.length} merges), then decode the UTF-8 once, keeping a leading BOM`);
}
