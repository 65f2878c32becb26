// Reading vector sets for the embedding visualizer: word2vec text ("N D" header line, then "word v1 … vD"), GloVe
// text (the same without the header), and the Embedding Projector's TSV (one tab-separated vector per line, labels
// from an optional metadata TSV). Pure: no vscode, no file system, so every rule below is unit-tested in Node.
//
// The rules, each reported to the learner as a notice rather than failing the whole file:
//   - a malformed line (a value that is not a number, a word with no values) is skipped, with its line number;
//   - a row whose dimension differs from the set's (the header's D, else the first row's) is skipped, reported;
//   - a row holding NaN or ±Infinity is dropped, counted;
//   - more than `maxRows` rows are sampled (seeded, in file order) with a notice;
//   - an empty file, or one with no valid row, is an error with a clear message.

import { seededRandom } from '../../util/random';

export interface VectorSet {
  /** One label per row (the word, a metadata label, or `#<row>` when there is none). */
  readonly words: string[];
  readonly dim: number;
  /** Row-major [words.length, dim]. */
  readonly vectors: Float32Array;
  /** What was skipped, dropped or sampled, in words for the learner. */
  readonly notices: string[];
}

export interface ParseOptions {
  /** `text`: word2vec or GloVe text; `tsv`: projector TSV. Default: by `fileName`'s extension (.tsv → tsv). */
  readonly format?: 'text' | 'tsv';
  readonly fileName?: string;
  /** The projector's metadata TSV for a `tsv` file: one label per row, or a header row then columns (first = label). */
  readonly metadata?: string;
  /** More rows than this are sampled down to it (default 200 000). */
  readonly maxRows?: number;
  /** Seed of the sample (default 1). */
  readonly seed?: number;
}

/** A file that holds no usable vectors; the message is meant for the learner. */
export class VectorFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VectorFileError';
  }
}

export const MAX_ROWS = 200_000;
/** How many line numbers a notice lists before "and N more". */
const LISTED_LINES = 10;

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses one value: a finite number, a non-finite one (NaN/Inf, which drops the row) or `undefined` (malformed). */
function parseValue(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token);
  if (NON_FINITE.test(token)) return NaN;
  return undefined;
}

/** Parses a vector file's text; throws {@link VectorFileError} when nothing usable is in it. */
export function parseVectors(text: string, options: ParseOptions = {}): VectorSet {
  const format = options.format ?? (/\.tsv$/i.test(options.fileName ?? '') ? 'tsv' : 'text');
  const maxRows = options.maxRows ?? MAX_ROWS;
  const lines = text.split(/\r?\n/);
  if (lines.every((l) => !l.trim())) throw new VectorFileError('The file is empty: there are no vectors in it.');

  const labels = options.metadata !== undefined ? metadataLabels(options.metadata) : undefined;
  const malformed: number[] = [];
  const wrongDim: number[] = [];
  let nonFinite = 0;
  let dim = 0;
  let declaredRows: number | undefined;
  let first = lines.findIndex((l) => l.trim() !== '');

  if (format === 'text') {
    const header = lines[first]!.trim().split(/\s+/);
    if (header.length === 2 && /^\d+$/.test(header[0]!) && /^\d+$/.test(header[1]!)) {
      declaredRows = Number(header[0]);
      dim = Number(header[1]);
      first++;
    }
  }

  const words: string[] = [];
  let data = new Float32Array(0); // rows packed as they are read; grown by doubling
  let count = 0;
  let dataRow = -1; // index of the row among the data lines, for the metadata labels
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    dataRow++;
    const lineNo = i + 1;
    let tokens: string[];
    let word: string | undefined;
    if (format === 'tsv') {
      tokens = line.split('\t').map((t) => t.trim());
      // A leading label column ("word\t0.1\t…") is accepted too.
      if (tokens.length > 1 && parseValue(tokens[0]!) === undefined) word = tokens.shift();
    } else {
      tokens = line.trim().split(/\s+/);
      word = tokens.shift();
    }
    const values = tokens.map(parseValue);
    if (values.length === 0 || values.some((v) => v === undefined)) {
      malformed.push(lineNo);
      continue;
    }
    if (dim === 0) dim = values.length;
    if (values.length !== dim) {
      wrongDim.push(lineNo);
      continue;
    }
    if (values.some((v) => !Number.isFinite(v))) {
      nonFinite++;
      continue;
    }
    words.push(word ?? labels?.[dataRow] ?? `#${dataRow}`);
    if ((count + 1) * dim > data.length) {
      const grown = new Float32Array(Math.max(1024 * dim, data.length * 2));
      grown.set(data);
      data = grown;
    }
    data.set(values as number[], count * dim);
    count++;
  }

  const notices: string[] = [];
  if (malformed.length) notices.push(`Skipped ${plural(malformed.length, 'malformed line')} (a value that is not a number, or no values): ${lineList(malformed)}.`);
  if (wrongDim.length) notices.push(`Skipped ${plural(wrongDim.length, 'line')} whose dimension is not ${dim}: ${lineList(wrongDim)}.`);
  if (nonFinite) notices.push(`Dropped ${plural(nonFinite, 'row')} holding NaN or infinite values.`);
  if (declaredRows !== undefined && declaredRows !== dataRow + 1) notices.push(`The header announces ${declaredRows} rows; the file has ${dataRow + 1}.`);
  if (labels && labels.length !== dataRow + 1) notices.push(`The metadata has ${labels.length} labels for ${dataRow + 1} rows; rows without one are named by number.`);
  if (count === 0) {
    throw new VectorFileError(`No usable vectors in the file. ${notices.join(' ')}`.trim());
  }

  if (count <= maxRows) return { words, dim, vectors: data.slice(0, count * dim), notices };
  const keep = sampleIndices(count, maxRows, options.seed ?? 1);
  notices.push(`The file has ${count.toLocaleString('en-US')} rows; showing a random sample of ${maxRows.toLocaleString('en-US')}.`);
  const vectors = new Float32Array(keep.length * dim);
  keep.forEach((r, i) => vectors.set(data.subarray(r * dim, (r + 1) * dim), i * dim));
  return { words: keep.map((r) => words[r]!), dim, vectors, notices };
}

/** Labels from a projector metadata TSV: a single column has no header; several columns have one (label = first). */
export function metadataLabels(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
  if (lines.length && lines[0]!.includes('\t')) lines.shift();
  return lines.map((l) => l.split('\t')[0]!.trim());
}

/** `count` distinct indices of [0, n), drawn with a seeded generator, in increasing order. */
export function sampleIndices(n: number, count: number, seed: number): number[] {
  const random = mulberry32(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, count).sort((a, b) => a - b);
}

/** A small seeded PRNG (mulberry32): deterministic samples and projections. */
export const mulberry32 = seededRandom;

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function lineList(lines: number[]): string {
  const shown = lines.slice(0, LISTED_LINES).join(', ');
  return lines.length > LISTED_LINES ? `lines ${shown} and ${lines.length - LISTED_LINES} more` : `line${lines.length === 1 ? '' : 's'} ${shown}`;
}
