// Interpolated Kneser–Ney smoothing for a bigram model: the best-known way to smooth counts before neural
// models. Two ideas on top of add-k:
//   1. absolute discounting — take a fixed d off every seen bigram count and give that mass to the lower order;
//   2. continuation counts — the lower order asks "after how many different words does w appear?", not "how
//      often does w appear?". "Francisco" is frequent, but nearly only after "San": a poor guess after a new word.
// Same conventions as NGramModel: sentences padded to ['<s>', ...words, '</s>']; V = training words + '</s>' +
// '<unk>' (never '<s>'); words outside V read as '<unk>'. Deliberately left out: higher orders (the recursion
// is the same one level up) and modified Kneser–Ney's three discounts.

export const START = '<s>';
export const END = '</s>';
export const UNK = '<unk>';

export class KneserNeyBigram {
  /** A bigram model: one word of context. */
  readonly n = 2;
  /** The words the model predicts: every training word, '</s>' and '<unk>' (never '<s>'). */
  vocab = new Set<string>();
  /** c(v, w): how often w followed v, keyed by v then w. */
  bigrams = new Map<string, Map<string, number>>();
  /** c(v) = Σ_w c(v, w): how often v was followed by anything. */
  contextCounts = new Map<string, number>();
  /** N1+(• w): after how many different words (or '<s>') w appeared — its continuation count. */
  continuationCounts = new Map<string, number>();
  /** N1+(• •): how many different bigrams were seen = Σ_w N1+(• w). */
  bigramTypes = 0;

  /** d is the discount taken off every seen bigram count, 0 ≤ d ≤ 1. */
  constructor(readonly d = 0.75) {}

  /**
   * Step 1. The vocabulary and the bigram counts, exactly as NGramModel with n = 2.
   * Step 2. The continuation counts N1+(• w) — the number of different v with c(v, w) > 0 — and N1+(• •).
   *
   *   fit([['the', 'cat', 'sat'], ['the', 'cat', 'ran'], ['a', 'dog', 'sat']])
   *   c(the, cat) = 2, c(the) = 2, c(<s>) = 3
   *   N1+(• sat) = 2 (after 'cat' and 'dog'),  N1+(• the) = 1 (only after '<s>'),  N1+(• •) = 9
   */
  fit(sentences: string[][]): void {
    throw new Error(`TODO: step 1 — vocab, bigrams and contextCounts from the ${sentences.length} sentences (as NGramModel with n = 2); step 2 — continuationCounts and bigramTypes`);
  }

  /**
   * Step 3. The lower order: continuation counts, discounted and interpolated with the uniform 1/|V| (the
   * same recipe one level down, so that '<unk>' and words never seen second still get a little):
   *
   *   P_cont(w) = max(N1+(• w) − d, 0) / N1+(• •)  +  (d · T / N1+(• •)) · 1/|V|
   *
   * where T is the number of words with N1+(• w) > 0. Sums to 1 over V.
   *
   *   corpus above, d = 0.5:  P_cont(sat) = 1.5/9 + (0.5·7/9)/8 = 31/144,  P_cont(<unk>) = 7/144
   */
  continuation(word: string): number {
    throw new Error(`TODO: step 3 — P_cont(${JSON.stringify(word)}) = max(N1+(• w) − d, 0) / N1+(• •) + (d · T / N1+(• •)) / |V|, with d = ${this.d}`);
  }

  /**
   * Step 4. The bigram, interpolated:
   *
   *   P_KN(w | v) = max(c(v, w) − d, 0) / c(v)  +  λ(v) · P_cont(w),    λ(v) = d · N1+(v •) / c(v)
   *
   * where N1+(v •) is the number of different words seen after v: λ(v) is exactly the mass the discounts freed,
   * so the distribution sums to 1. A context never seen (c(v) = 0) gives P_cont(w). The context is the last
   * word of `context`, '<s>' when it is empty; unknown words read as '<unk>'.
   *
   *   corpus above, d = 0.5:  P(sat | cat) = (1 − 0.5)/2 + (0.5 · 2/2) · 31/144 = 103/288
   *   d = 0: P(sat | cat) = 1/2, the MLE.
   */
  prob(word: string, context: string[]): number {
    const w = this.known(word);
    throw new Error(`TODO: step 4 — P_KN(${w} | last word of ${JSON.stringify(context)}) = max(c(v, w) − d, 0) / c(v) + λ(v) · P_cont(w); P_cont(w) when c(v) = 0`);
  }

  /** `word` itself when it is in the vocabulary, otherwise '<unk>' (as in NGramModel). */
  private known(word: string): string {
    return this.vocab.has(word) ? word : UNK;
  }
}
