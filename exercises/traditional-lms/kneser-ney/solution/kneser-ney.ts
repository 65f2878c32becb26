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
  constructor(readonly d = 0.75) {
    if (!(d >= 0 && d <= 1)) throw new Error(`KneserNeyBigram: the discount d must be in [0, 1], got ${d}`);
  }

  /**
   * Step 1. The vocabulary and the bigram counts, exactly as NGramModel with n = 2.
   * Step 2. The continuation counts N1+(• w) — the number of different v with c(v, w) > 0 — and N1+(• •).
   *
   *   fit([['the', 'cat', 'sat'], ['the', 'cat', 'ran'], ['a', 'dog', 'sat']])
   *   c(the, cat) = 2, c(the) = 2, c(<s>) = 3
   *   N1+(• sat) = 2 (after 'cat' and 'dog'),  N1+(• the) = 1 (only after '<s>'),  N1+(• •) = 9
   */
  fit(sentences: string[][]): void {
    this.vocab = new Set([...sentences.flat(), END, UNK]);
    this.vocab.delete(START);
    this.bigrams = new Map();
    this.contextCounts = new Map();
    for (const sentence of sentences) {
      const padded = [START, ...sentence, END];
      for (let i = 1; i < padded.length; i++) {
        const [v, w] = [padded[i - 1], padded[i]];
        const row = this.bigrams.get(v) ?? new Map<string, number>();
        row.set(w, (row.get(w) ?? 0) + 1);
        this.bigrams.set(v, row);
        this.contextCounts.set(v, (this.contextCounts.get(v) ?? 0) + 1);
      }
    }
    this.continuationCounts = new Map();
    this.bigramTypes = 0;
    for (const row of this.bigrams.values()) {
      for (const w of row.keys()) {
        this.continuationCounts.set(w, (this.continuationCounts.get(w) ?? 0) + 1);
        this.bigramTypes++;
      }
    }
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
    const w = this.known(word);
    if (this.bigramTypes === 0) return 1 / this.vocab.size;
    const count = this.continuationCounts.get(w) ?? 0;
    const leftover = (this.d * this.continuationCounts.size) / this.bigramTypes;
    return Math.max(count - this.d, 0) / this.bigramTypes + leftover / this.vocab.size;
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
    const last = context.length === 0 ? START : context[context.length - 1];
    const v = last === START ? START : this.known(last);
    const total = this.contextCounts.get(v) ?? 0;
    if (total === 0) return this.continuation(w);
    const row = this.bigrams.get(v) as Map<string, number>;
    const lambda = (this.d * row.size) / total;
    return Math.max((row.get(w) ?? 0) - this.d, 0) / total + lambda * this.continuation(w);
  }

  /** `word` itself when it is in the vocabulary, otherwise '<unk>' (as in NGramModel). */
  private known(word: string): string {
    return this.vocab.has(word) ? word : UNK;
  }
}
