// The course model: what exercises/course.json describes. Pure data, no VS Code.

export type ChapterId =
  | 'neural-networks'
  | 'traditional-lms'
  | 'tokenization'
  | 'embeddings'
  | 'transformer'
  | 'capstone';

export type Difficulty = 'intro' | 'core' | 'challenge' | 'project';

/** An exercise id: `<chapter>/<exercise>`, stable forever (progress is keyed by it). */
export type ExerciseId = `${ChapterId}/${string}`;

export interface Exercise {
  readonly id: ExerciseId;
  readonly chapter: ChapterId;
  /** The part of the id after the slash; also the exercise's folder name. */
  readonly slug: string;
  readonly title: string;
  readonly difficulty: Difficulty;
  /** Estimated minutes for a learner. */
  readonly minutes: number;
  /** Files the learner edits, relative to the exercise folder (e.g. `matrix.ts`). Empty for in-editor tools. */
  readonly files: readonly string[];
  readonly hints: readonly string[];
  /** Per-run time limit for the hidden tests. */
  readonly timeoutMs: number;
  /** True until the exercise's content (task, starter, solution, hidden tests) has landed. */
  readonly comingSoon: boolean;
}

export interface Chapter {
  readonly id: ChapterId;
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  /** The lesson's markdown file, relative to `exercises/<chapter>/`. */
  readonly lesson: string;
  readonly exercises: readonly Exercise[];
}

export interface Course {
  readonly title: string;
  readonly chapters: readonly Chapter[];
}

/** Where an exercise's content lives inside the extension, relative to `exercises/`. */
export const exerciseLayout = {
  taskStatement: (e: Exercise) => `${e.chapter}/${e.slug}/task.md`,
  starter: (e: Exercise, file: string) => `${e.chapter}/${e.slug}/starter/${file}`,
  solution: (e: Exercise, file: string) => `${e.chapter}/${e.slug}/solution/${file}`,
  testsDir: (e: Exercise) => `${e.chapter}/${e.slug}/tests`,
  lesson: (c: Chapter) => `${c.id}/${c.lesson}`,
} as const;
