// The two simplest tokenizers: one token per character, and one token per word. Each builds a vocabulary from
// a training corpus — a list of strings whose position is the token's id — and then maps text to ids (encode)
// and ids back to text (decode). Id 0 is always '<unk>', the token for anything the corpus never showed.
// Deliberately left out: subwords (the BPE exercises that follow), lower-casing and any other normalization, and
// special tokens beyond '<unk>'.
//
// The constructors are wired for you once steps 1–3 work; then fill in encode and decode (steps 4 and 5).
//
//   const chars = new CharTokenizer('hello');     chars.vocab  -> ['<unk>', 'e', 'h', 'l', 'o']
//   chars.encode('hole!')  -> [2, 4, 3, 1, 0]      chars.decode([2, 1, 3, 3, 4]) -> 'hello'
//   const words = new WordTokenizer('the cat saw the dog.');
//   words.vocab -> ['<unk>', '.', 'cat', 'dog', 'saw', 'the']       words.encode('the bird.') -> [5, 0, 1]

/** The unknown token. It always has id 0. */
export const UNK = '<unk>';

/**
 * Step 1. The characters of a string — Unicode code points, not UTF-16 code units. An emoji such as 😀 is one
 * code point but two UTF-16 units ('\uD83D\uDE00'), so text.split('') would cut it in half. The string iterator
 * ([...text], Array.from(text), for...of) walks code points.
 *
 *   splitChars('héllo') -> ['h', 'é', 'l', 'l', 'o']
 *   splitChars('a😀b')  -> ['a', '😀', 'b']          ('a😀b'.length is 4)
 */
export function splitChars(text: string): string[] {
  throw new Error(`TODO: step 1 — the code points of this ${text.length}-unit string ([...text]), not its UTF-16 code units`);
}

/**
 * Step 2. The words of a string: maximal runs of letters and digits, and every other character that is not
 * white space on its own (punctuation). The pattern is
 *
 *   WORD_PATTERN = /[\p{L}\p{N}]+|[^\p{L}\p{N}\s]/gu
 *
 * \p{L} is any letter in any script and \p{N} any digit; the u flag turns them on. (\w would be ASCII-only:
 * it splits 'canción' into 'canci', 'ó', 'n'.) White space separates words and is dropped.
 *
 *   splitWords("Hello, world! Don't.") -> ['Hello', ',', 'world', '!', 'Don', "'", 't', '.']
 *   splitWords('la canción de 1909')   -> ['la', 'canción', 'de', '1909']
 */
export const WORD_PATTERN = /[\p{L}\p{N}]+|[^\p{L}\p{N}\s]/gu;

export function splitWords(text: string): string[] {
  throw new Error(`TODO: step 2 — the matches of WORD_PATTERN in this ${text.length}-unit string (text.match(...) ?? [])`);
}

/**
 * Step 3. The vocabulary from a list of tokens: '<unk>' at id 0, then every distinct token that occurs at least
 * `minCount` times, sorted with JavaScript's default sort ([...].sort(), which compares UTF-16 code units).
 *
 *   buildVocab(['b', 'a', 'b', 'c'])    -> ['<unk>', 'a', 'b', 'c']
 *   buildVocab(['b', 'a', 'b', 'c'], 2) -> ['<unk>', 'b']
 */
export function buildVocab(tokens: string[], minCount = 1): string[] {
  throw new Error(`TODO: step 3 — ['<unk>', ...the distinct tokens among ${tokens.length} seen at least ${minCount} times, sorted]`);
}

/**
 * Step 4. A character tokenizer. vocab = buildVocab(the characters of the corpus). encode maps each character
 * of a text to its id, or to 0 when the corpus never had it; decode maps ids back and joins them with nothing
 * between (id 0 becomes the string '<unk>'). decode throws an Error on an id outside the vocabulary.
 *
 *   const t = new CharTokenizer('hello');
 *   t.vocab              -> ['<unk>', 'e', 'h', 'l', 'o']
 *   t.encode('hole!')    -> [2, 4, 3, 1, 0]
 *   t.decode([2, 4, 0])  -> 'ho<unk>'
 */
export class CharTokenizer {
  readonly vocab: string[];
  private readonly ids: Map<string, number>;

  constructor(corpus: string) {
    this.vocab = buildVocab(splitChars(corpus));
    this.ids = new Map(this.vocab.map((t, i) => [t, i]));
  }

  encode(text: string): number[] {
    throw new Error(`TODO: step 4 — the id of each character of the text (${text.length} units) in this.ids (${this.ids.size} entries), 0 when missing`);
  }

  decode(ids: number[]): string {
    throw new Error(`TODO: step 4 — tokenOf(this.vocab, id) for each of the ${ids.length} ids, joined with ''`);
  }
}

/**
 * Step 5. A word tokenizer. vocab = buildVocab(the words of the corpus, minCount): words seen fewer than
 * minCount times are left out, so they become '<unk>' too — the usual way to keep a word vocabulary finite.
 * decode joins the words with single spaces, so it cannot give back the original spacing: a word tokenizer is
 * lossy, a character tokenizer (without unknowns) is not.
 *
 *   const t = new WordTokenizer('the cat saw the dog.');
 *   t.vocab                -> ['<unk>', '.', 'cat', 'dog', 'saw', 'the']
 *   t.encode('the bird.')  -> [5, 0, 1]
 *   t.decode([5, 0, 1])    -> 'the <unk> .'
 *   new WordTokenizer('the cat saw the dog.', 2).vocab -> ['<unk>', 'the']
 */
export class WordTokenizer {
  readonly vocab: string[];
  private readonly ids: Map<string, number>;

  constructor(corpus: string, minCount = 1) {
    this.vocab = buildVocab(splitWords(corpus), minCount);
    this.ids = new Map(this.vocab.map((t, i) => [t, i]));
  }

  encode(text: string): number[] {
    throw new Error(`TODO: step 5 — the id of each word of the text (${text.length} units) in this.ids (${this.ids.size} entries), 0 when missing`);
  }

  decode(ids: number[]): string {
    throw new Error(`TODO: step 5 — tokenOf(this.vocab, id) for each of the ${ids.length} ids, joined with single spaces`);
  }
}

/** vocab[id], or an Error for an id that is not a whole number in range. (Written for you; use it in decode.) */
export function tokenOf(vocab: string[], id: number): string {
  if (!Number.isInteger(id) || id < 0 || id >= vocab.length) throw new Error(`unknown token id ${id}: the vocabulary has ids 0–${vocab.length - 1}`);
  return vocab[id];
}
