// The chapter project: a tokenizer for your language, and a number that says how good it is. Train the
// GPT-2-style tokenizer you built (../regex-tokenizer/regex-tokenizer) on a text, encode text it has not seen,
// and measure BYTES PER TOKEN: the UTF-8 size of the text divided by the number of tokens. Raw bytes score exactly
// 1.0 (one token per byte); a good tokenizer packs several bytes into each token. Then ask the fairness question:
// how well does a tokenizer trained on ENGLISH (Jane Austen) do on the same text? That gap is what speakers of
// other languages pay, in sequence length, context window and money, for a tokenizer that was not made for them.
// (If an earlier exercise is not in your workspace, the grader uses its reference solution and says so.)
// Deliberately left out: saving the tokenizer to disk, and any model — this is about the tokenizer alone.
//
// The hidden tests train on the shipped Spanish Bible (Reina-Valera 1909) and print a table like this:
//
//   tokenizer (vocab 556)         bytes/token on held-out Spanish
//   raw UTF-8 bytes               1.000
//   trained on English (Austen)   1.9…
//   trained on Spanish            3.0…

import { RegexTokenizer } from '../regex-tokenizer/regex-tokenizer';

/**
 * Your own text: set this to a path — absolute, or relative to this folder — of a UTF-8 text file in your
 * language (a few hundred KB is plenty), and run the tests. An extra table for your text appears in the output
 * of the test "compressionReport matches an independent computation". Leave it '' to skip.
 *
 *   export const MY_TEXT_FILE = 'my-language.txt';
 */
export const MY_TEXT_FILE = '';

/**
 * Step 1. The size of a text in UTF-8 bytes — not text.length, which counts UTF-16 code units.
 *
 *   utf8Length('hola')  -> 4
 *   utf8Length('niño')  -> 5      (ñ is 2 bytes)
 *   utf8Length('😀')    -> 4      ('😀'.length is 2)
 */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Step 2. Bytes per token: how many bytes of text one token carries on average. Higher is better compression.
 *
 *   bytesPerToken('niño', [110, 105, 195, 177, 111])  -> 1      (raw bytes: 5 bytes, 5 tokens)
 *   bytesPerToken('niño', [300, 301])                 -> 2.5
 */
export function bytesPerToken(text: string, ids: number[]): number {
  if (ids.length === 0) throw new Error('bytesPerToken: no tokens to divide by');
  return utf8Length(text) / ids.length;
}

/**
 * Step 3. A RegexTokenizer (no special tokens) trained on `text` with `vocabSize`.
 */
export function trainTokenizer(text: string, vocabSize: number): RegexTokenizer {
  const tok = new RegexTokenizer();
  tok.train(text, vocabSize);
  return tok;
}

/** Bytes per token of three tokenizers on the same held-out text. */
export interface CompressionReport {
  /** The tokenizer trained on trainText. */
  bytesPerToken: number;
  /** Raw UTF-8 bytes, one token each: always 1. */
  baselineBytesPerToken: 1;
  /** A tokenizer trained the same way, with the same vocabSize, on englishText. */
  englishBytesPerToken: number;
}

/**
 * Step 4. Train one tokenizer on trainText and one on englishText, both with vocabSize, and measure both on
 * evalText — text neither of them was trained on (measuring on the training text flatters a tokenizer: it has
 * memorized that text's frequent pieces).
 *
 *   compressionReport(spanishTrain, spanishHeldOut, austen, 556)
 *     -> { bytesPerToken: 3.0…, baselineBytesPerToken: 1, englishBytesPerToken: 1.9… }
 */
export function compressionReport(trainText: string, evalText: string, englishText: string, vocabSize: number): CompressionReport {
  const mine = trainTokenizer(trainText, vocabSize);
  const english = trainTokenizer(englishText, vocabSize);
  return {
    bytesPerToken: bytesPerToken(evalText, mine.encode(evalText)),
    baselineBytesPerToken: 1,
    englishBytesPerToken: bytesPerToken(evalText, english.encode(evalText)),
  };
}
