// Reads and validates exercises/course.json into the Course model. Pure: the caller passes the parsed JSON and a
// way to ask whether a content file exists, so the same checks run in the extension and in unit tests.

import type { Chapter, ChapterId, Course, Difficulty, Exercise, ExerciseId } from './types';
import { exerciseLayout } from './types';

export const CHAPTER_IDS: readonly ChapterId[] = [
  'neural-networks',
  'traditional-lms',
  'tokenization',
  'embeddings',
  'transformer',
  'capstone',
];
const DIFFICULTIES: readonly Difficulty[] = ['intro', 'core', 'challenge', 'project'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DEFAULT_TIMEOUT_MS = 10_000;

export class CatalogError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The course catalog is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'CatalogError';
  }
}

export interface CatalogCheck {
  /**
   * `installed` (the extension at run time) checks what ships in the VSIX: lessons, task statements, starters.
   * `authoring` (the repository's tests) also requires each available exercise's solution and hidden tests.
   */
  readonly mode: 'installed' | 'authoring';
}

/** Parses the manifest; throws a CatalogError listing every problem found, not just the first. */
export function parseCatalog(json: unknown, exists: (relPath: string) => boolean, check: CatalogCheck = { mode: 'authoring' }): Course {
  const problems: string[] = [];
  const fail = (msg: string) => problems.push(msg);
  const root = asRecord(json);
  if (!root) throw new CatalogError(['course.json must hold a JSON object']);
  if (root.schemaVersion !== 1) fail(`unsupported schemaVersion ${JSON.stringify(root.schemaVersion)} (expected 1)`);
  const rawChapters = Array.isArray(root.chapters) ? root.chapters : (fail('"chapters" must be an array'), []);

  const seen = new Set<string>();
  const chapters: Chapter[] = [];
  rawChapters.forEach((rc: unknown, ci: number) => {
    const c = asRecord(rc);
    const where = `chapters[${ci}]`;
    if (!c) return void fail(`${where} must be an object`);
    const id = c.id as ChapterId;
    if (!CHAPTER_IDS.includes(id)) return void fail(`${where}.id ${JSON.stringify(c.id)} is not one of ${CHAPTER_IDS.join(', ')}`);
    if (seen.has(id)) fail(`chapter id "${id}" appears twice`);
    seen.add(id);
    const title = str(c.title, `${where}.title`, fail);
    const summary = str(c.summary, `${where}.summary`, fail);
    const lesson = str(c.lesson, `${where}.lesson`, fail);
    const number = typeof c.number === 'number' ? c.number : (fail(`${where}.number must be a number`), 0);
    const rawExercises = Array.isArray(c.exercises) ? c.exercises : (fail(`${where}.exercises must be an array`), []);
    const exercises: Exercise[] = [];
    rawExercises.forEach((re: unknown, ei: number) => {
      const e = parseExercise(re, id, `${where}.exercises[${ei}]`, fail);
      if (!e) return;
      if (seen.has(e.id)) fail(`exercise id "${e.id}" appears twice`);
      seen.add(e.id);
      exercises.push(e);
    });
    const chapter: Chapter = { id, number, title, summary, lesson, exercises };
    if (lesson && !exists(exerciseLayout.lesson(chapter))) fail(`lesson file ${exerciseLayout.lesson(chapter)} is missing`);
    for (const e of exercises) {
      if (e.comingSoon) continue;
      const required = [exerciseLayout.taskStatement(e), ...e.files.map((f) => exerciseLayout.starter(e, f))];
      if (check.mode === 'authoring') {
        required.push(exerciseLayout.testsDir(e), ...e.files.map((f) => exerciseLayout.solution(e, f)));
      }
      for (const p of required) if (!exists(p)) fail(`${e.id}: ${p} is missing (mark the exercise "comingSoon" until it lands)`);
    }
    chapters.push(chapter);
  });
  if (problems.length) throw new CatalogError(problems);
  return { title: typeof root.title === 'string' ? root.title : 'LLM Foundations', chapters };
}

function parseExercise(raw: unknown, chapter: ChapterId, where: string, fail: (m: string) => void): Exercise | undefined {
  const e = asRecord(raw);
  if (!e) return void fail(`${where} must be an object`);
  const id = typeof e.id === 'string' ? e.id : '';
  const [prefix, slug = '', ...rest] = id.split('/');
  if (prefix !== chapter || !SLUG.test(slug) || rest.length) {
    return void fail(`${where}.id ${JSON.stringify(e.id)} must look like "${chapter}/<lower-case-slug>"`);
  }
  const difficulty = e.difficulty as Difficulty;
  if (!DIFFICULTIES.includes(difficulty)) fail(`${id}: difficulty must be one of ${DIFFICULTIES.join(', ')}`);
  const minutes = typeof e.minutes === 'number' && e.minutes > 0 ? e.minutes : (fail(`${id}: minutes must be a positive number`), 0);
  const files = stringArray(e.files, `${id}: files`, fail);
  for (const f of files) if (f.includes('..') || f.startsWith('/')) fail(`${id}: learner file "${f}" must be a plain relative path`);
  const hints = stringArray(e.hints, `${id}: hints`, fail);
  const comingSoon = e.comingSoon === true;
  if (!comingSoon && hints.length < 2) fail(`${id}: an exercise needs at least 2 hints`);
  const timeoutMs = e.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : Number(e.timeoutMs);
  if (!(timeoutMs > 0)) fail(`${id}: timeoutMs must be a positive number`);
  return {
    id: id as ExerciseId,
    chapter,
    slug,
    title: str(e.title, `${id}: title`, fail),
    difficulty,
    minutes,
    files,
    hints,
    timeoutMs,
    comingSoon,
  };
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown, what: string, fail: (m: string) => void): string {
  if (typeof v === 'string' && v.trim()) return v;
  fail(`${what} must be a non-empty string`);
  return '';
}

function stringArray(v: unknown, what: string, fail: (m: string) => void): string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  fail(`${what} must be an array of strings`);
  return [];
}

/** Lookups the views and commands need. */
export class CourseIndex {
  private readonly byId = new Map<string, Exercise>();
  constructor(readonly course: Course) {
    for (const c of course.chapters) for (const e of c.exercises) this.byId.set(e.id, e);
  }
  exercise(id: string): Exercise | undefined {
    return this.byId.get(id);
  }
  chapter(id: string): Chapter | undefined {
    return this.course.chapters.find((c) => c.id === id);
  }
  get exercises(): Exercise[] {
    return [...this.byId.values()];
  }
  /** Map an id to the exercise, or explain why it cannot be opened. */
  require(id: string): Exercise {
    const e = this.byId.get(id);
    if (!e) throw new UnknownExerciseError(id);
    return e;
  }
}

export class UnknownExerciseError extends Error {
  constructor(readonly exerciseId: string) {
    super(`There is no exercise "${exerciseId}" in this course. It may have been renamed: pick one from the Chapters view.`);
    this.name = 'UnknownExerciseError';
  }
}

export type { ExerciseId };
