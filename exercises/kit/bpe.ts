// An independent byte-level BPE for the tokenization chapter's hidden tests (the bpe-train contract: UTF-8 bytes,
// merge i makes id 256 + i, overlapping pair counts, the most frequent pair with ties to its first occurrence,
// non-overlapping replacement left to right, stop when no pair occurs twice). Written for clarity, not speed.

export type Pair = [number, number];

/** The UTF-8 bytes of `s`. */
export const utf8 = (s: string): number[] => Array.from(Buffer.from(s, 'utf8'));

/** `ids` with every non-overlapping occurrence of `pair`, left to right, replaced by `id`. */
export function replacePair(ids: readonly number[], [a, b]: Pair, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; ) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(id);
      i += 2;
    } else out.push(ids[i++]);
  }
  return out;
}

const KEY = 1 << 20;

/**
 * Trains merges on byte sequences whose pairs never cross from one sequence to the next (one sequence: plain BPE;
 * one per pre-token chunk: GPT-2 style). `weights[i]` counts sequence i that many times (distinct chunks with
 * their frequencies give the same merges as every chunk in order, faster).
 */
export function trainMerges(sequences: readonly number[][], vocabSize: number, weights?: readonly number[]): Pair[] {
  let seqs = sequences.map((s) => [...s]);
  const merges: Pair[] = [];
  for (let step = 0; step < vocabSize - 256; step++) {
    const count = new Map<number, number>(); // insertion order = first occurrence
    seqs.forEach((ids, s) => {
      for (let i = 0; i + 1 < ids.length; i++) {
        const k = ids[i] * KEY + ids[i + 1];
        count.set(k, (count.get(k) ?? 0) + (weights?.[s] ?? 1));
      }
    });
    let best = -1;
    for (const [k, c] of count) if (best < 0 || c > count.get(best)!) best = k;
    if (best < 0 || count.get(best)! < 2) break;
    const pair: Pair = [Math.floor(best / KEY), best % KEY];
    seqs = seqs.map((ids) => replacePair(ids, pair, 256 + step));
    merges.push(pair);
  }
  return merges;
}

/** The ids of `bytes` after replaying every merge once, in order (minbpe's encode). */
export const applyMerges = (bytes: readonly number[], merges: readonly Pair[]): number[] => merges.reduce<number[]>((ids, pair, i) => replacePair(ids, pair, 256 + i), [...bytes]);
