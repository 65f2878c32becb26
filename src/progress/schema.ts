// The persisted shape of a learner's progress, and the migrations that bring older shapes up to date.
// Bump CURRENT_VERSION when the shape changes, and add the step from the previous version to MIGRATIONS.

export type ExerciseStatus = 'not-started' | 'in-progress' | 'passed';

export interface LastRun {
  /** ISO timestamp. */
  readonly at: string;
  readonly passed: number;
  readonly failed: number;
  readonly total: number;
}

export interface ExerciseProgress {
  readonly status: ExerciseStatus;
  readonly attempts: number;
  /** Best fraction of hidden tests passed, 0..1. */
  readonly bestScore: number;
  readonly lastRun?: LastRun;
  /** How many hints the learner has revealed. */
  readonly hintsShown: number;
  readonly startedAt?: string;
  readonly passedAt?: string;
}

export interface ProgressDataV1 {
  readonly version: 1;
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
  /** Chapter id → ISO timestamp of when the learner reached the end of its lesson. */
  readonly lessonsRead: Readonly<Record<string, string>>;
}

export type ProgressData = ProgressDataV1;
export const CURRENT_VERSION = 1;

export const EMPTY_PROGRESS: ProgressData = { version: 1, exercises: {}, lessonsRead: {} };

export const NOT_STARTED: ExerciseProgress = { status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 0 };

/** One step: data of version `from` to version `from + 1`. */
export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[v] upgrades version v to v + 1. Version 1 is the first published shape, so there is none yet. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export class ProgressFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgressFormatError';
  }
}

/**
 * Turns whatever was stored into current data, running migrations in order. Throws ProgressFormatError when the
 * value is not progress data at all, or comes from a newer version of the extension (we never guess at those).
 */
export function upgrade(raw: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS, current = CURRENT_VERSION): ProgressData {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ProgressFormatError(`expected an object, found ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`);
  }
  let data = raw as Record<string, unknown>;
  let version = data.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProgressFormatError(`missing or invalid version ${JSON.stringify(version)}`);
  }
  if (version > current) {
    throw new ProgressFormatError(`saved by a newer version of LLM Foundations (format ${version}; this one reads up to ${current})`);
  }
  while (version < current) {
    const step = migrations[version];
    if (!step) throw new ProgressFormatError(`no migration from format ${version}`);
    data = step(data);
    version += 1;
    if (data.version !== version) throw new ProgressFormatError(`migration to format ${version} produced version ${JSON.stringify(data.version)}`);
  }
  return validateV1(data);
}

function validateV1(data: Record<string, unknown>): ProgressDataV1 {
  const exercises = data.exercises;
  const lessonsRead = data.lessonsRead ?? {};
  if (exercises === null || typeof exercises !== 'object' || Array.isArray(exercises)) {
    throw new ProgressFormatError('"exercises" is not an object');
  }
  if (lessonsRead === null || typeof lessonsRead !== 'object' || Array.isArray(lessonsRead)) {
    throw new ProgressFormatError('"lessonsRead" is not an object');
  }
  const out: Record<string, ExerciseProgress> = {};
  for (const [id, value] of Object.entries(exercises as Record<string, unknown>)) {
    out[id] = validateExercise(id, value);
  }
  const lessons: Record<string, string> = {};
  for (const [id, at] of Object.entries(lessonsRead as Record<string, unknown>)) {
    if (typeof at !== 'string') throw new ProgressFormatError(`lessonsRead["${id}"] is not a timestamp`);
    lessons[id] = at;
  }
  return { version: 1, exercises: out, lessonsRead: lessons };
}

const STATUSES: readonly ExerciseStatus[] = ['not-started', 'in-progress', 'passed'];

function validateExercise(id: string, v: unknown): ExerciseProgress {
  const e = v as Partial<Record<keyof ExerciseProgress, unknown>> | null;
  const bad = (what: string) => new ProgressFormatError(`exercise "${id}": ${what}`);
  if (e === null || typeof e !== 'object') throw bad('not an object');
  if (!STATUSES.includes(e.status as ExerciseStatus)) throw bad(`unknown status ${JSON.stringify(e.status)}`);
  const count = (x: unknown, name: string) => {
    if (x === undefined) return 0;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw bad(`${name} is not a count`);
    return x;
  };
  const bestScore = e.bestScore === undefined ? 0 : e.bestScore;
  if (typeof bestScore !== 'number' || !(bestScore >= 0 && bestScore <= 1)) throw bad('bestScore is not in 0..1');
  const lastRun = e.lastRun === undefined ? undefined : validateLastRun(e.lastRun, bad);
  const stamp = (x: unknown, name: string) => {
    if (x === undefined) return undefined;
    if (typeof x !== 'string') throw bad(`${name} is not a timestamp`);
    return x;
  };
  const startedAt = stamp(e.startedAt, 'startedAt');
  const passedAt = stamp(e.passedAt, 'passedAt');
  return {
    status: e.status as ExerciseStatus,
    attempts: count(e.attempts, 'attempts'),
    bestScore,
    hintsShown: count(e.hintsShown, 'hintsShown'),
    ...(lastRun && { lastRun }),
    ...(startedAt && { startedAt }),
    ...(passedAt && { passedAt }),
  };
}

function validateLastRun(v: unknown, bad: (what: string) => Error): LastRun {
  const r = v as Partial<Record<keyof LastRun, unknown>> | null;
  if (r === null || typeof r !== 'object' || typeof r.at !== 'string') throw bad('lastRun is malformed');
  const n = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : NaN);
  const passed = n(r.passed), failed = n(r.failed), total = n(r.total);
  if ([passed, failed, total].some(Number.isNaN)) throw bad('lastRun counts are malformed');
  return { at: r.at, passed, failed, total };
}
