// The learner's progress: status, attempts, best score, last run and hints per exercise, and lessons read.
// Kept in one Memento key (globalState in the extension, synced with Settings Sync). Pure: no vscode import.

import type { Course, Exercise } from '../course/types';
import { Emitter } from '../util/event';
import type { ExerciseProgress, LastRun, ProgressData } from './schema';
import { EMPTY_PROGRESS, NOT_STARTED, ProgressFormatError, upgrade } from './schema';

/** The part of vscode.Memento the store uses. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const PROGRESS_KEY = 'llmFoundations.progress';

export interface ProgressChange {
  /** Exercise ids or chapter ids (for lessons) whose progress changed. */
  readonly ids: readonly string[];
}

export interface RunResult {
  readonly passed: number;
  readonly failed: number;
  readonly total: number;
}

export interface LoadProblem {
  readonly message: string;
  /** The value that could not be read, kept so that the caller can save it before it is replaced. */
  readonly raw: unknown;
}

export class ProgressStore {
  private data: ProgressData;
  private readonly changed = new Emitter<ProgressChange>();
  readonly onDidChange = this.changed.event;
  /** Set when the stored value was unreadable and the store started clean. */
  readonly loadProblem: LoadProblem | undefined;

  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => Date = () => new Date(),
  ) {
    const raw = memento.get<unknown>(PROGRESS_KEY);
    if (raw === undefined) {
      this.data = EMPTY_PROGRESS;
      return;
    }
    try {
      this.data = upgrade(raw);
    } catch (e) {
      if (!(e instanceof ProgressFormatError)) throw e;
      this.data = EMPTY_PROGRESS;
      this.loadProblem = { message: e.message, raw };
    }
  }

  get(exerciseId: string): ExerciseProgress {
    return this.data.exercises[exerciseId] ?? NOT_STARTED;
  }

  lessonReadAt(chapterId: string): string | undefined {
    return this.data.lessonsRead[chapterId];
  }

  /** Passed exercises of a chapter, out of all its exercises and out of those available now (not coming soon). */
  chapterProgress(exercises: readonly Exercise[]): { passed: number; total: number; available: number } {
    return {
      passed: exercises.filter((e) => this.get(e.id).status === 'passed').length,
      total: exercises.length,
      available: exercises.filter((e) => !e.comingSoon).length,
    };
  }

  /** The learner scaffolded or opened the exercise. Never downgrades a passed exercise. */
  markStarted(exerciseId: string): Promise<void> {
    const p = this.get(exerciseId);
    if (p.status !== 'not-started') return Promise.resolve();
    return this.put(exerciseId, { ...p, status: 'in-progress', startedAt: this.now().toISOString() });
  }

  recordRun(exerciseId: string, r: RunResult): Promise<void> {
    const p = this.get(exerciseId);
    const at = this.now().toISOString();
    const score = r.total > 0 ? r.passed / r.total : 0;
    const allGreen = r.total > 0 && r.failed === 0 && r.passed === r.total;
    const lastRun: LastRun = { at, ...r };
    return this.put(exerciseId, {
      ...p,
      status: allGreen || p.status === 'passed' ? 'passed' : 'in-progress',
      attempts: p.attempts + 1,
      bestScore: Math.max(p.bestScore, score),
      lastRun,
      startedAt: p.startedAt ?? at,
      ...(allGreen && !p.passedAt ? { passedAt: at } : {}),
    });
  }

  /** Reveals one more hint and returns how many are now shown (capped at `available`). */
  async revealHint(exerciseId: string, available: number): Promise<number> {
    const p = this.get(exerciseId);
    const hintsShown = Math.min(available, p.hintsShown + 1);
    if (hintsShown !== p.hintsShown) await this.put(exerciseId, { ...p, hintsShown });
    return hintsShown;
  }

  async markLessonRead(chapterId: string): Promise<void> {
    if (this.data.lessonsRead[chapterId]) return;
    this.data = { ...this.data, lessonsRead: { ...this.data.lessonsRead, [chapterId]: this.now().toISOString() } };
    await this.memento.update(PROGRESS_KEY, this.data);
    this.changed.fire({ ids: [chapterId] });
  }

  /** A self-describing completion record, for "Export progress". */
  exportRecord(course: Course, extensionVersion: string): CompletionRecord {
    const chapters = course.chapters.map((c) => {
      const { passed, total } = this.chapterProgress(c.exercises);
      return {
        id: c.id,
        title: c.title,
        lessonReadAt: this.lessonReadAt(c.id) ?? null,
        passed,
        total,
        exercises: c.exercises.map((e) => {
          const p = this.get(e.id);
          return {
            id: e.id,
            title: e.title,
            available: !e.comingSoon,
            status: p.status,
            attempts: p.attempts,
            bestScore: p.bestScore,
            lastRun: p.lastRun ?? null,
            passedAt: p.passedAt ?? null,
          };
        }),
      };
    });
    const all = chapters.reduce((a, c) => ({ passed: a.passed + c.passed, total: a.total + c.total }), { passed: 0, total: 0 });
    return {
      format: 'llm-foundations-completion/1',
      course: course.title,
      extensionVersion,
      exportedAt: this.now().toISOString(),
      summary: all,
      chapters,
    };
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async put(exerciseId: string, p: ExerciseProgress): Promise<void> {
    this.data = { ...this.data, exercises: { ...this.data.exercises, [exerciseId]: p } };
    await this.memento.update(PROGRESS_KEY, this.data);
    this.changed.fire({ ids: [exerciseId] });
  }
}

export interface CompletionRecord {
  readonly format: 'llm-foundations-completion/1';
  readonly course: string;
  readonly extensionVersion: string;
  readonly exportedAt: string;
  readonly summary: { passed: number; total: number };
  readonly chapters: ReadonlyArray<{
    id: string;
    title: string;
    lessonReadAt: string | null;
    passed: number;
    total: number;
    exercises: ReadonlyArray<{
      id: string;
      title: string;
      available: boolean;
      status: string;
      attempts: number;
      bestScore: number;
      lastRun: LastRun | null;
      passedAt: string | null;
    }>;
  }>;
}
