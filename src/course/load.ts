// Loads the course catalog shipped in the extension's exercises/ folder.
import * as fs from 'fs';
import * as path from 'path';
import { CourseIndex, parseCatalog } from './catalog';
import type { CatalogCheck } from './catalog';

export const MANIFEST = 'course.json';

export function loadCourse(contentDir: string, check: CatalogCheck = { mode: 'installed' }): CourseIndex {
  const file = path.join(contentDir, MANIFEST);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`Could not read the course catalog ${file}: ${(e as Error).message}. Reinstalling LLM Foundations should fix it.`);
  }
  return new CourseIndex(parseCatalog(json, (rel) => fs.existsSync(path.join(contentDir, rel)), check));
}
