// Hidden tests for tokenization/your-language, the chapter project. Numbers are compared with a tolerance of
// 1e-9 relative+absolute (they are ratios of integer counts, so any correct computation agrees far closer).
// Data: the shipped Spanish Bible (Reina-Valera 1909) — train on its first 100,000 characters, evaluate on the
// 30,000 after them — and the first 100,000 characters of Pride and Prejudice for the English tokenizer, with
// vocabSize 556 (300 merges). The reference below is an independent GPT-2-style tokenizer: split pattern,
// chunked BPE training and encode by replaying the merges on each distinct chunk.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Sol from '../solution/my-tokenizer';
import type { Pair } from '../../../kit';
import { applyMerges, assertClose, courseText, learner, misconception, noteReferenceFallbacks, trainMerges, utf8 } from '../../../kit';

const load = () => learner<typeof Sol>('my-tokenizer.ts', ['compressionReport', 'trainTokenizer', 'bytesPerToken']);
const TOL = 1e-9;
const VOCAB = 556;

// ---------------------------------------------------------------------------------------------------------------
// Independent reference.

const SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
const chunksOf = (text: string) => [...text.matchAll(SPLIT)].map((m) => m[0]);
const bytes = utf8;

function refTrain(text: string, vocabSize: number): Pair[] {
  const freq = new Map<string, number>();
  for (const c of chunksOf(text)) freq.set(c, (freq.get(c) ?? 0) + 1);
  return trainMerges([...freq.keys()].map(bytes), vocabSize, [...freq.values()]);
}

/** How many tokens the reference tokenizer with `merges` makes of `text`. */
function refTokenCount(text: string, merges: Pair[]): number {
  const perChunk = new Map<string, number>();
  let total = 0;
  for (const c of chunksOf(text)) {
    let n = perChunk.get(c);
    if (n === undefined) {
      n = applyMerges(bytes(c), merges).length;
      perChunk.set(c, n);
    }
    total += n;
  }
  return total;
}

const refBytesPerToken = (text: string, merges: Pair[]) => Buffer.byteLength(text, 'utf8') / refTokenCount(text, merges);

// ---------------------------------------------------------------------------------------------------------------
// Data, and the reference numbers, computed once.

const spanish = () => courseText('spanish/reina-valera-1909.txt', { maxChars: 130_000 });
const english = () => courseText('austen/prideprejudice.txt', { maxChars: 100_000 });
let cache: { esTrain: string; esEval: string; en: string; esMerges: Pair[]; enMerges: Pair[] } | undefined;
function data() {
  if (!cache) {
    const es = spanish();
    const [esTrain, esEval, en] = [es.slice(0, 100_000), es.slice(100_000), english()];
    cache = { esTrain, esEval, en, esMerges: refTrain(esTrain, VOCAB), enMerges: refTrain(en, VOCAB) };
  }
  return cache;
}

/** The learner's report on the main data, computed once and shared by the tests that look at it. */
let learnerReport: ReturnType<typeof Sol.compressionReport> | undefined;
function mainReport(m: typeof Sol) {
  const d = data();
  learnerReport ??= m.compressionReport(d.esTrain, d.esEval, d.en, VOCAB);
  return learnerReport;
}

const fmt = (x: number) => x.toFixed(3);
function table(title: string, vocab: number, rows: Array<[string, number]>): string {
  return [`tokenizer (vocab ${vocab})`.padEnd(34) + title, ...rows.map(([name, v]) => name.padEnd(34) + fmt(v))].join('\n');
}

describe('tokenization/your-language: measuring', () => {
  it('utf8Length and bytesPerToken count UTF-8 bytes, not UTF-16 code units', () => {
    const m = load();
    const got = m.bytesPerToken('niño', [300, 301]);
    if (Math.abs(got - 2) < 1e-12) {
      throw misconception('characters instead of UTF-8 bytes', "bytesPerToken('niño', [300, 301]) gave 2 = 4 / 2: you divided text.length (UTF-16 code units) by the token count. 'niño' is 5 UTF-8 bytes (ñ takes two), so the answer is 2.5. Use new TextEncoder().encode(text).length.");
    }
    assertClose(got, 2.5, { what: "bytesPerToken('niño', [300, 301])" });
    assertClose(m.bytesPerToken('niño', [110, 105, 195, 177, 111]), 1, { what: "bytesPerToken('niño', its 5 raw bytes)" });
    assertClose(m.bytesPerToken('😀 日本', [1, 2, 3]), 11 / 3, { what: "bytesPerToken('😀 日本', 3 ids) — 4 + 1 + 3 + 3 = 11 bytes" });
  });

  it('with vocabSize 256 (no merges) every tokenizer is the raw-byte baseline: exactly 1 byte per token', () => {
    const { compressionReport } = load();
    const es = spanish().slice(0, 3_000);
    const r = compressionReport(es.slice(0, 2_000), es.slice(2_000), 'the cat sat on the mat', 256);
    assert.equal(r.baselineBytesPerToken, 1, 'baselineBytesPerToken is always 1');
    assertClose(r.bytesPerToken, 1, { what: 'bytesPerToken with vocabSize 256' });
    assertClose(r.englishBytesPerToken, 1, { what: 'englishBytesPerToken with vocabSize 256' });
  });
});

describe('tokenization/your-language: Spanish against English', () => {
  it('compressionReport matches an independent computation (100,000 characters of Spanish, 300 merges)', () => {
    const m = load();
    noteReferenceFallbacks();
    const d = data();
    const r = mainReport(m);
    const expected = { mine: refBytesPerToken(d.esEval, d.esMerges), english: refBytesPerToken(d.esEval, d.enMerges) };
    console.log(table('bytes/token on held-out Spanish', VOCAB, [['raw UTF-8 bytes', 1], ['trained on English (Austen)', r.englishBytesPerToken], ['trained on Spanish', r.bytesPerToken]]));
    if (Math.abs(r.bytesPerToken - refBytesPerToken(d.esTrain, d.esMerges)) < 1e-9) {
      throw misconception('measured on the training text', `bytesPerToken is ${fmt(r.bytesPerToken)}, the score on the TRAINING text; on the held-out text it is ${fmt(expected.mine)}. A tokenizer has memorized its training text's frequent pieces — measure on evalText, which it has not seen.`);
    }
    const chars = d.esEval.length / refTokenCount(d.esEval, d.esMerges);
    if (Math.abs(r.bytesPerToken - chars) < 1e-9) {
      throw misconception('characters instead of UTF-8 bytes', `bytesPerToken is ${fmt(r.bytesPerToken)} = text.length / tokens. Count UTF-8 bytes (${Buffer.byteLength(d.esEval)} of them, not ${d.esEval.length} code units): expected ${fmt(expected.mine)}.`);
    }
    assert.equal(r.baselineBytesPerToken, 1, 'baselineBytesPerToken is always 1');
    assertClose(r.bytesPerToken, expected.mine, { tol: TOL, what: 'bytesPerToken (Spanish-trained tokenizer on held-out Spanish)' });
    assertClose(r.englishBytesPerToken, expected.english, { tol: TOL, what: 'englishBytesPerToken (Austen-trained tokenizer on held-out Spanish)' });

    if (m.MY_TEXT_FILE) {
      const dir = process.env.LLMF_LEARNER_DIR ?? '.';
      const file = path.resolve(dir, m.MY_TEXT_FILE);
      assert.ok(fs.existsSync(file), `MY_TEXT_FILE is ${JSON.stringify(m.MY_TEXT_FILE)}, but ${file} does not exist. Give a path relative to the folder of my-tokenizer.ts, or an absolute one (or set it back to '').`);
      const text = fs.readFileSync(file, 'utf8').slice(0, 125_000);
      const cutAt = Math.floor(text.length * 0.8);
      const mine = m.compressionReport(text.slice(0, cutAt), text.slice(cutAt), d.en, VOCAB);
      console.log(`\nYour text (${path.basename(file)}: trained on ${cutAt} characters, measured on the ${text.length - cutAt} after them)\n` +
        table('bytes/token on your held-out text', VOCAB, [['raw UTF-8 bytes', 1], ['trained on English (Austen)', mine.englishBytesPerToken], ['trained on your text', mine.bytesPerToken]]));
    }
  });

  it('the Spanish-trained tokenizer beats the English-trained one on held-out Spanish, and both beat raw bytes', () => {
    const r = mainReport(load());
    assert.ok(r.englishBytesPerToken > 1, `the English-trained tokenizer should still beat raw bytes on Spanish (shared letters, spaces, punctuation): got ${fmt(r.englishBytesPerToken)}`);
    assert.ok(r.bytesPerToken > r.englishBytesPerToken * 1.2, `the Spanish-trained tokenizer should carry at least 20% more bytes per token on Spanish than the English-trained one: got ${fmt(r.bytesPerToken)} against ${fmt(r.englishBytesPerToken)}`);
    console.log(`The English-trained tokenizer needs ${((r.bytesPerToken / r.englishBytesPerToken - 1) * 100).toFixed(0)}% more tokens for the same Spanish text.`);
  });

  it('a bigger vocabulary packs more bytes into each token (100 against 300 merges), matching the reference', () => {
    const { compressionReport } = load();
    const d = data();
    const small = compressionReport(d.esTrain.slice(0, 40_000), d.esEval, d.en.slice(0, 10_000), 356);
    const expected = refBytesPerToken(d.esEval, refTrain(d.esTrain.slice(0, 40_000), 356));
    assertClose(small.bytesPerToken, expected, { tol: TOL, what: 'bytesPerToken with 100 merges trained on 40,000 characters' });
    const large = compressionReport(d.esTrain.slice(0, 40_000), d.esEval, d.en.slice(0, 10_000), VOCAB);
    assert.ok(large.bytesPerToken > small.bytesPerToken, `300 merges should beat 100 merges: got ${fmt(large.bytesPerToken)} against ${fmt(small.bytesPerToken)}`);
    console.log(table('bytes/token on held-out Spanish', 356, [['trained on 40,000 characters', small.bytesPerToken]]));
    console.log(table('bytes/token on held-out Spanish', VOCAB, [['trained on 40,000 characters', large.bytesPerToken]]));
  });
});

describe('tokenization/your-language: round trip', () => {
  it('the trained tokenizers give back held-out Spanish and English exactly', () => {
    const { trainTokenizer } = load();
    const d = data();
    const es = trainTokenizer(d.esTrain.slice(0, 30_000), 400);
    const heldOut = d.esEval.slice(0, 10_000);
    assert.equal(es.decode(es.encode(heldOut)), heldOut, 'decode(encode(10,000 held-out Spanish characters)) with a tokenizer trained on Spanish');
    const en = trainTokenizer(d.en.slice(0, 30_000), 400);
    assert.equal(en.decode(en.encode(heldOut)), heldOut, 'decode(encode(10,000 held-out Spanish characters)) with a tokenizer trained on English');
    assert.deepEqual(es.merges, refTrain(d.esTrain.slice(0, 30_000), 400), 'trainTokenizer(30,000 Spanish characters, 400).merges should match the reference trainer');
  });
});
