// Hidden tests for tokenization/basics. Exact comparison (strings and integer ids). The API is the one stated in
// task.md: CharTokenizer(corpus) and WordTokenizer(corpus, minCount = 1), each with vocab: string[] ('<unk>' at
// id 0, then the distinct tokens in default JavaScript sort order), encode(text): number[] (unknown -> 0) and
// decode(ids): string (characters joined with '', words with ' '; an id outside the vocabulary throws).
// Characters are Unicode code points; words are matches of /[\p{L}\p{N}]+|[^\p{L}\p{N}\s]/gu.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/basics';
import { courseText, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('basics.ts', ['CharTokenizer', 'WordTokenizer']);

// Independent references.
const refChars = (s: string) => [...s];
const refWords = (s: string) => [...s.matchAll(/[\p{L}\p{N}]+|[^\p{L}\p{N}\s]/gu)].map((m) => m[0]);
function refVocab(tokens: string[], minCount = 1): string[] {
  const count: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const t of tokens) count[t] = (count[t] ?? 0) + 1;
  return ['<unk>', ...Object.keys(count).filter((t) => count[t] >= minCount).sort()];
}
const refEncode = (vocab: string[], tokens: string[]) => tokens.map((t) => Math.max(0, vocab.indexOf(t)));

const show = (x: unknown) => JSON.stringify(x);
const isTodo = (err: unknown) => err instanceof Error && err.message.startsWith('TODO');

function checkVocab(got: unknown, expected: string[], what: string): void {
  if (show(got) === show(expected)) return;
  if (Array.isArray(got) && got.some((t) => typeof t === 'string' && /^[\uD800-\uDFFF]$/.test(t))) {
    throw misconception('UTF-16 code units instead of code points', `${what}: the vocabulary holds half an emoji (a lone surrogate such as "\\uD83D"). text.split('') and text[i] walk UTF-16 code units; an emoji like 😀 is ONE character made of two of them. Use [...text] or Array.from(text), which walk code points.`, { expected, actual: got });
  }
  if (Array.isArray(got) && got[0] !== '<unk>') {
    throw misconception('<unk> not at id 0', `${what}: vocab[0] is ${show(got[0])}. The unknown token '<unk>' comes first, at id 0, and the sorted tokens follow.`, { expected, actual: got });
  }
  if (Array.isArray(got) && show([...got].sort()) === show([...expected].sort())) {
    throw misconception('vocabulary not sorted', `${what}: the right tokens, in the wrong order. After '<unk>', sort them with the default sort ([...distinct].sort()), so the ids do not depend on the order the corpus happens to list them.`, { expected, actual: got });
  }
  assert.deepEqual(got, expected, `${what}: expected vocab ${show(expected).slice(0, 300)}, got ${show(got).slice(0, 300)}`);
}

function checkEncode(f: () => unknown, expected: number[], what: string): void {
  let got: unknown;
  try {
    got = f();
  } catch (err) {
    if (isTodo(err)) throw err;
    throw misconception('unknown token throws', `${what} threw "${err instanceof Error ? err.message : String(err)}". A token the vocabulary does not have is not an error: it becomes '<unk>', id 0.`);
  }
  if (Array.isArray(got) && got.length < expected.length && expected.includes(0)) {
    throw misconception('unknown tokens dropped', `${what}: expected ${show(expected)}, got ${show(got)} — the unknown tokens are missing. Map each of them to 0 ('<unk>') instead of skipping it, so the sequence keeps its length.`, { expected, actual: got });
  }
  if (Array.isArray(got) && got.length > expected.length) {
    throw misconception('UTF-16 code units instead of code points', `${what}: expected ${expected.length} ids, got ${got.length} — probably an emoji counted as two characters. Iterate with [...text] (code points), not text.split('') or text[i] (UTF-16 code units).`, { expected, actual: got });
  }
  assert.deepEqual(got, expected, `${what}: expected ${show(expected).slice(0, 300)}, got ${show(got).slice(0, 300)}`);
}

describe('tokenization/basics: character tokenizer', () => {
  it("builds the vocabulary ['<unk>', 'e', 'h', 'l', 'o'] from 'hello', and encodes and decodes with it", () => {
    const { CharTokenizer } = load();
    const t = new CharTokenizer('hello');
    checkVocab(t.vocab, ['<unk>', 'e', 'h', 'l', 'o'], "new CharTokenizer('hello').vocab");
    checkEncode(() => t.encode('hello'), [2, 1, 3, 3, 4], "encode('hello')");
    assert.equal(t.decode([2, 1, 3, 3, 4]), 'hello', 'decode([2, 1, 3, 3, 4]) should be "hello"');
    checkEncode(() => t.encode(''), [], "encode('')");
    assert.equal(t.decode([]), '', 'decode([]) should be ""');
  });

  it("maps characters the corpus never had to '<unk>' (id 0), and decodes id 0 as '<unk>'", () => {
    const { CharTokenizer } = load();
    const t = new CharTokenizer('hello');
    checkEncode(() => t.encode('hole!'), [2, 4, 3, 1, 0], "encode('hole!') with the 'hello' vocabulary");
    checkEncode(() => t.encode('HELLO'), [0, 0, 0, 0, 0], "encode('HELLO') (case matters)");
    assert.equal(t.decode([2, 4, 0]), 'ho<unk>', "decode([2, 4, 0]) should be 'ho<unk>'");
  });

  it('treats an emoji as ONE character: a Unicode code point, not two UTF-16 code units', () => {
    const { CharTokenizer } = load();
    // '😀' is U+1F600, stored as the two UTF-16 units \uD83D \uDE00; 'a😀b😀'.length is 6, but it has 4 characters
    const t = new CharTokenizer('a😀b😀');
    checkVocab(t.vocab, ['<unk>', 'a', 'b', '😀'], "new CharTokenizer('a😀b😀').vocab");
    checkEncode(() => t.encode('😀a😀'), [3, 1, 3], "encode('😀a😀')");
    checkEncode(() => t.encode('👍'), [0], "encode('👍') (an emoji the corpus never had)");
    assert.equal(t.decode([3, 2]), '😀b', "decode([3, 2]) should be '😀b'");
  });

  it('matches the reference and round-trips on 40 seeded random texts of accents, CJK and emoji', () => {
    const { CharTokenizer } = load();
    const rand = seededRandom(99);
    const pool = [...'abcxyz ,.áéñü日本語😀🎉👍'];
    const pick = (n: number) => Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]).join('');
    for (let trial = 0; trial < 40; trial++) {
      const corpus = pick(5 + Math.floor(rand() * 60));
      const t = new CharTokenizer(corpus);
      const vocab = refVocab(refChars(corpus));
      checkVocab(t.vocab, vocab, `trial ${trial}: new CharTokenizer(${show(corpus)}).vocab`);
      const text = pick(Math.floor(rand() * 30));
      checkEncode(() => t.encode(text), refEncode(vocab, refChars(text)), `trial ${trial}: encode(${show(text)})`);
      // every character of the corpus is known, so these texts round-trip exactly
      const known = refChars(corpus).slice(0, 20).reverse().join('');
      assert.equal(t.decode(t.encode(known)), known, `trial ${trial}: decode(encode(${show(known)})) should give the text back`);
    }
  });
});

describe('tokenization/basics: word tokenizer', () => {
  it("splits words on /[\\p{L}\\p{N}]+|[^\\p{L}\\p{N}\\s]/gu: 'the cat saw the dog.' has vocab ['<unk>', '.', 'cat', 'dog', 'saw', 'the']", () => {
    const { WordTokenizer } = load();
    const t = new WordTokenizer('the cat saw the dog.');
    checkVocab(t.vocab, ['<unk>', '.', 'cat', 'dog', 'saw', 'the'], "new WordTokenizer('the cat saw the dog.').vocab");
    checkEncode(() => t.encode('the bird.'), [5, 0, 1], "encode('the bird.')");
    assert.equal(t.decode([5, 0, 1]), 'the <unk> .', "decode([5, 0, 1]) joins words with single spaces: 'the <unk> .'");
    const p = new WordTokenizer("Hello, world! Don't panic in 1909.");
    checkVocab(p.vocab, refVocab(['Hello', ',', 'world', '!', 'Don', "'", 't', 'panic', 'in', '1909', '.']), "new WordTokenizer(\"Hello, world! Don't panic in 1909.\").vocab");
  });

  it("keeps accented words whole: 'canción' is one word (\\p{L}, not the ASCII-only \\w)", () => {
    const { WordTokenizer } = load();
    const corpus = 'La canción del niño: ¡qué año! Ωμέγα 日本語';
    const t = new WordTokenizer(corpus);
    const expected = refVocab(refWords(corpus));
    if (Array.isArray(t.vocab) && t.vocab.includes('canci') && t.vocab.includes('ó')) {
      throw misconception('\\w is ASCII-only', "The vocabulary has 'canci' and 'ó' but no 'canción'. In JavaScript, \\w means [A-Za-z0-9_] even with the u flag. Use \\p{L} (any letter) and \\p{N} (any digit) with the u flag: /[\\p{L}\\p{N}]+|[^\\p{L}\\p{N}\\s]/gu.", { expected, actual: t.vocab });
    }
    checkVocab(t.vocab, expected, `new WordTokenizer(${show(corpus)}).vocab`);
    checkEncode(() => t.encode('el niño y la canción'), refEncode(expected, refWords('el niño y la canción')), "encode('el niño y la canción')");
  });

  it('leaves words seen fewer than minCount times out of the vocabulary', () => {
    const { WordTokenizer } = load();
    const corpus = 'a b a c a b d . . .';
    for (const minCount of [1, 2, 3, 4]) {
      const t = new WordTokenizer(corpus, minCount);
      checkVocab(t.vocab, refVocab(refWords(corpus), minCount), `new WordTokenizer(${show(corpus)}, ${minCount}).vocab`);
    }
    const t = new WordTokenizer(corpus, 2);
    checkEncode(() => t.encode('a b c d e .'), [2, 3, 0, 0, 0, 1], "with minCount 2: encode('a b c d e .')");
  });

  it('on Pride and Prejudice: matches the reference vocabulary and ids (minCount 2), with a held-out <unk> rate', () => {
    const { WordTokenizer } = load();
    const book = courseText('austen/prideprejudice.txt', { maxChars: 60_000 });
    const [train, heldOut] = [book.slice(0, 50_000), book.slice(50_000)];
    const t = new WordTokenizer(train, 2);
    const vocab = refVocab(refWords(train), 2);
    checkVocab(t.vocab, vocab, 'new WordTokenizer(50,000 characters of Pride and Prejudice, 2).vocab');
    const expected = refEncode(vocab, refWords(heldOut));
    checkEncode(() => t.encode(heldOut), expected, 'encode(the next 10,000 characters)');
    const unk = expected.filter((id) => id === 0).length / expected.length;
    console.log(`word vocabulary: ${vocab.length} words seen at least twice; held-out words that are <unk>: ${(100 * unk).toFixed(1)}% of ${expected.length}`);
  });
});

describe('tokenization/basics: decode', () => {
  it('throws an Error for ids outside the vocabulary', () => {
    const { CharTokenizer, WordTokenizer } = load();
    const cases: Array<[string, () => unknown]> = [
      ["new CharTokenizer('hello').decode([5])", () => new CharTokenizer('hello').decode([5])],
      ["new CharTokenizer('hello').decode([-1])", () => new CharTokenizer('hello').decode([-1])],
      ["new WordTokenizer('the cat').decode([3])", () => new WordTokenizer('the cat').decode([3])],
    ];
    for (const [what, f] of cases) {
      let result: unknown;
      try {
        result = f();
      } catch (err) {
        assert.ok(err instanceof Error, `${what} threw something that is not an Error`);
        assert.ok(!isTodo(err), `${what} threw "${err.message}" — finish the TODO first`);
        continue;
      }
      assert.fail(`${what}: expected an Error (the id is not in the vocabulary), but it returned ${show(result)}`);
    }
  });
});
