// An n-gram language model with add-k smoothing, from counts alone: fit() counts every padded n-gram of the
// training sentences, prob() turns the counts into P(word | the last n − 1 words). Plain Maps, no library.
// Deliberately left out: backoff and interpolation (Kneser–Ney is the next exercise) and anything about how
// text becomes tokens (the sentences arrive as arrays of words).
//
// Conventions (the same in every chapter-2 exercise):
//   - each sentence is padded to [n − 1 × '<s>', ...words, '</s>'];
//   - the vocabulary V is every word seen in training plus '</s>' and '<unk>'. '<s>' is context only: it is
//     never predicted, so it is not in V;
//   - a word (or a context word) that is not in V is read as '<unk>'.

export const START = '<s>';
export const END = '</s>';
export const UNK = '<unk>';

/** Joins a context into one Map key. '\u0001' never occurs inside a word of real text. */
const key = (context: readonly string[]) => context.join('\u0001');

export class NGramModel {
  /** The words the model predicts: every training word, '</s>' and '<unk>' (never '<s>'). */
  vocab = new Set<string>();
  /** count(ctx, w): how often word w followed the n − 1 words ctx, keyed by key(ctx) then w. */
  counts = new Map<string, Map<string, number>>();
  /** count(ctx) = Σ_w count(ctx, w): how often ctx was a context at all. */
  contextCounts = new Map<string, number>();

  /** n = 2 is a bigram model; k is the pseudo-count added to every (context, word) pair (k = 0 is MLE). */
  constructor(
    readonly n: number,
    readonly k = 1,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`NGramModel: n must be a positive integer, got ${n}`);
    if (!(k >= 0)) throw new Error(`NGramModel: k must be ≥ 0, got ${k}`);
  }

  /**
   * Step 1. The vocabulary: every word of every sentence, plus '</s>' and '<unk>' — and never '<s>'.
   * Step 2. The counts: pad each sentence to [n − 1 × '<s>', ...words, '</s>'] and, for every position i from
   *         n − 1 on, add 1 to count(ctx, padded[i]) and to count(ctx), where ctx = padded.slice(i − n + 1, i).
   *         Use key(ctx) as the Map key.
   *
   *   new NGramModel(2).fit([['the', 'cat', 'sat'], ['the', 'cat', 'ran'], ['a', 'dog', 'sat']])
   *   vocab       -> {the, cat, sat, ran, a, dog, </s>, <unk>}      (|V| = 8)
   *   count(the)  -> 2,  count(the, cat) -> 2,  count(<s>) -> 3,  count(<s>, the) -> 2
   */
  fit(sentences: string[][]): void {
    this.vocab = new Set([...sentences.flat(), END, UNK]);
    this.vocab.delete(START);
    this.counts = new Map();
    this.contextCounts = new Map();
    for (const sentence of sentences) {
      const padded = [...Array<string>(this.n - 1).fill(START), ...sentence, END];
      for (let i = this.n - 1; i < padded.length; i++) {
        const ctx = key(padded.slice(i - this.n + 1, i));
        const next = this.counts.get(ctx) ?? new Map<string, number>();
        next.set(padded[i], (next.get(padded[i]) ?? 0) + 1);
        this.counts.set(ctx, next);
        this.contextCounts.set(ctx, (this.contextCounts.get(ctx) ?? 0) + 1);
      }
    }
  }

  /**
   * Step 4. P(word | context) = (count(ctx, word) + k) / (count(ctx) + k·|V|), where ctx is the last n − 1 words
   * of `context` (left-padded with '<s>' when shorter) and unknown words are read as '<unk>'.
   *
   * With the corpus above and k = 1:
   *   prob('cat', ['the'])  -> (2 + 1) / (2 + 8) = 0.3
   *   prob('dog', ['the'])  -> (0 + 1) / (2 + 8) = 0.1        (never seen after 'the', but not impossible)
   *   prob('the', [])       -> (2 + 1) / (3 + 8) = 3/11       (the context [] is padded to ['<s>'])
   *   prob('zebra', ['the'])-> prob('<unk>', ['the']) = 0.1
   * With k = 0 (MLE): prob('cat', ['the']) -> 1, and any word after an unseen context -> 0.
   */
  prob(word: string, context: string[]): number {
    const w = this.known(word);
    const ctx = key(this.contextOf(context));
    const total = this.contextCounts.get(ctx) ?? 0;
    const count = this.counts.get(ctx)?.get(w) ?? 0;
    const denominator = total + this.k * this.vocab.size;
    return denominator === 0 ? 0 : (count + this.k) / denominator;
  }

  /**
   * Step 3. The last n − 1 words of `context`, left-padded with '<s>', unknown words as '<unk>' ('<s>' stays).
   *
   *   n = 3:  ['a', 'the', 'cat'] -> ['the', 'cat'],   ['cat'] -> ['<s>', 'cat'],   ['zebra'] -> ['<s>', '<unk>']
   *   n = 1:  anything -> []
   */
  private contextOf(context: readonly string[]): string[] {
    const last = context.slice(Math.max(0, context.length - (this.n - 1)));
    const padded = [...Array<string>(this.n - 1 - last.length).fill(START), ...last];
    return padded.map((t) => (t === START ? t : this.known(t)));
  }

  /** Step 3. `word` itself when it is in the vocabulary, otherwise '<unk>'. */
  private known(word: string): string {
    return this.vocab.has(word) ? word : UNK;
  }
}
