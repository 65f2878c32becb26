// `llm-foundations grade`: the grader from a terminal or CI, same engine as the extension. Bundled into
// dist/grading/cli.js and started by bin/llm-foundations.js.
//
//   llm-foundations grade <exercise-id> <file-or-folder> [--json|--junit]
//   llm-foundations grade --all <course-folder> [--json|--junit]   (<course-folder>/<chapter>/<slug>/<files>)
//   llm-foundations list                                             (the gradable exercises and their files)
//
// Exit code: 0 when everything graded passes, 1 when anything failed or errored, 2 for a usage problem.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCourse } from '../course/load';
import type { Exercise } from '../course/types';
import { Grader } from './grader';
import { toJUnit } from './junit';
import type { Results } from './results';
import { scoreLine } from './results';

const USAGE = `Usage:
  llm-foundations grade <exercise-id> <file-or-folder> [--json|--junit]
  llm-foundations grade --all <course-folder> [--json|--junit]
  llm-foundations list

  <exercise-id>    e.g. neural-networks/matrix-ops (llm-foundations list shows them all)
  <file-or-folder> the learner's file (its folder is graded) or the exercise folder
  <course-folder>  a folder laid out like the extension's workspace: <chapter>/<exercise>/<files>
  --json           print results.json (version 3) instead of a summary; --all prints an array
  --junit          print JUnit XML
  --no-typecheck   skip the type check (run with the repository's TypeScript when it is installed)

Exit code 0 iff everything graded passes.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The repository or extension root: dist/grading/cli.js → ../.. */
const defaultRoot = () => path.resolve(__dirname, '..', '..');

const MARK = { pass: '✓', fail: '✗', error: '!' } as const;

export function humanSummary(r: Results): string {
  const lines = [`${r.exercise ?? 'exercise'}: ${r.status.toUpperCase()} — ${scoreLine(r)}${r.durationMs === undefined ? '' : ` (${r.durationMs} ms)`}`];
  if (r.message) lines.push(`  ${r.message}`);
  for (const t of r.tests) {
    lines.push(`  ${MARK[t.status]} ${t.category ? `${t.category} › ` : ''}${t.name}`);
    if (t.status === 'pass') continue;
    if (t.misconception) lines.push(`      misconception: ${t.misconception}`);
    for (const l of (t.message ?? '').split('\n')) lines.push(`      ${l}`);
    if (t.location) lines.push(`      at ${t.location.file}:${t.location.line}:${t.location.column}`);
    if (t.output) lines.push('      output:', ...t.output.split('\n').map((l) => `        ${l}`));
  }
  return lines.join('\n') + '\n';
}

export async function main(argv: readonly string[], io: CliIo = defaultIo, root: string = defaultRoot()): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const unknown = [...flags].filter((f) => !['--json', '--junit', '--all', '--help', '--no-typecheck'].includes(f));
  const usage = (problem?: string) => {
    io.err(`${problem ? `llm-foundations: ${problem}\n\n` : ''}${USAGE}\n`);
    return 2;
  };
  if (flags.has('--help') || args[0] === 'help') {
    io.out(USAGE + '\n');
    return 0;
  }
  let course;
  try {
    course = loadCourse(path.join(root, 'exercises'));
  } catch (err) {
    io.err(`llm-foundations: ${(err as Error).message}\n`);
    return 2;
  }
  const available = course.exercises.filter((e) => !e.comingSoon);
  if (args[0] === 'list') {
    io.out(available.map((e) => `${e.id}\t${e.files.join(', ')}`).join('\n') + '\n');
    return 0;
  }
  if (args[0] !== 'grade') return usage(args[0] ? `unknown command "${args[0]}"` : undefined);
  if (unknown.length) return usage(`unknown option ${unknown.join(', ')}`);
  if (flags.has('--json') && flags.has('--junit')) return usage('choose one of --json and --junit');

  const jobs: Array<{ exercise: Exercise; dir: string }> = [];
  const skipped: string[] = [];
  if (flags.has('--all')) {
    if (args.length !== 2) return usage('grade --all takes one course folder');
    const folder = path.resolve(args[1]);
    if (!fs.existsSync(folder)) return usage(`${folder} does not exist`);
    for (const e of available) {
      const dir = path.join(folder, e.chapter, e.slug);
      if (fs.existsSync(dir)) jobs.push({ exercise: e, dir });
      else skipped.push(e.id);
    }
    if (!jobs.length) return usage(`${folder} holds no exercise folders (<chapter>/<exercise>/, e.g. neural-networks/matrix-ops/)`);
  } else {
    if (args.length !== 3) return usage('grade takes an exercise id and a file or folder');
    const exercise = course.exercise(args[1]);
    if (!exercise) return usage(`unknown exercise "${args[1]}"; available: ${available.map((e) => e.id).join(', ')}`);
    if (exercise.comingSoon) return usage(`${exercise.id} is not available yet`);
    const target = path.resolve(args[2]);
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) return usage(`${target} does not exist`);
    jobs.push({ exercise, dir: stat.isDirectory() ? target : path.dirname(target) });
  }

  // The type check uses the clone's own TypeScript (a dev dependency), when it is installed.
  const typescript = flags.has('--no-typecheck') ? undefined : resolveFrom(root, 'typescript');
  const grader = new Grader({
    distDir: path.join(root, 'dist'),
    pool: jobs.length > 1 ? 1 : 0,
    ...(typescript ? { typeCheck: { typescript, typeRoots: [path.join(root, 'node_modules')] } } : {}),
  });
  const results: Results[] = [];
  try {
    for (const j of jobs) results.push(await grader.grade(j.exercise, j.dir));
  } finally {
    grader.dispose();
  }

  if (flags.has('--json')) io.out(JSON.stringify(flags.has('--all') ? results : results[0], null, 2) + '\n');
  else if (flags.has('--junit')) io.out(toJUnit(results));
  else {
    io.out(results.map(humanSummary).join('\n'));
    if (results.length > 1 || skipped.length) {
      const passed = results.filter((r) => r.status === 'pass').length;
      io.out(`\n${passed} of ${results.length} exercises passed${skipped.length ? `; not started (not graded): ${skipped.join(', ')}` : ''}\n`);
    }
  }
  return results.every((r) => r.status === 'pass') ? 0 : 1;
}

/** The folder of package `name` as installed under `root`, or undefined. */
function resolveFrom(root: string, name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
  } catch {
    return undefined;
  }
}
