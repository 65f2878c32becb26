// The course's shipped data (media/data: corpora and word vectors, each beside its license) for hidden tests.
// The grader passes the folder as LLMF_DATA_DIR; a test that runs under plain mocha from the repository finds it
// next to exercises/.
//
//   const austen = courseText('austen/prideprejudice.txt', { maxChars: 200_000 });
//   const glove = courseText('glove/glove100d-top10k.txt.gz');   // .gz is unpacked

import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

export const DATA_DIR_ENV = 'LLMF_DATA_DIR';

/** The absolute path of a shipped data file, e.g. courseData('spanish/reina-valera-1909.txt'). */
export function courseData(file: string): string {
  const dir = process.env[DATA_DIR_ENV] ?? path.resolve(__dirname, '..', '..', 'media', 'data');
  const full = path.resolve(dir, file);
  if (!fs.existsSync(full)) throw new Error(`The course data file ${file} is missing from ${dir}: the extension's install looks damaged (reinstall it).`);
  return full;
}

/** A shipped text file as a string (UTF-8; unpacked when it ends in .gz), optionally cut to its first maxChars. */
export function courseText(file: string, options: { maxChars?: number } = {}): string {
  const raw = fs.readFileSync(courseData(file));
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return options.maxChars === undefined ? text : text.slice(0, options.maxChars);
}
