// The Chapters view: chapters → their lesson, visualizer (if the chapter has one) and exercises, with status icons and
// progress descriptions.
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import type { CourseIndex } from '../course/catalog';
import type { Chapter, Exercise } from '../course/types';
import type { ProgressStore } from '../progress/store';
import type { ExerciseProgress } from '../progress/schema';
import { Disposable } from '../util/disposable';

export type CourseNode =
  | { readonly kind: 'chapter'; readonly chapter: Chapter }
  | { readonly kind: 'lesson'; readonly chapter: Chapter }
  | { readonly kind: 'visualizer'; readonly chapter: Chapter; readonly visualizer: Visualizer }
  | { readonly kind: 'exercise'; readonly chapter: Chapter; readonly exercise: Exercise };

interface Visualizer {
  readonly label: string;
  readonly command: CommandId;
  readonly tooltip: string;
}

/** The interactive tools, listed under their chapter right after its lesson. */
const VISUALIZERS: Readonly<Record<string, Visualizer>> = {
  embeddings: {
    label: 'Embedding Visualizer',
    command: CommandId.OpenEmbeddingVisualizer,
    tooltip: 'Project word vectors with PCA, t-SNE or UMAP, search neighbours and solve analogies',
  },
};

const DIFFICULTY_LABEL: Record<Exercise['difficulty'], string> = {
  intro: 'intro',
  core: 'core',
  challenge: 'challenge',
  project: 'project',
};

export class ChapterTree extends Disposable implements vscode.TreeDataProvider<CourseNode> {
  private readonly changed = this.register(new vscode.EventEmitter<CourseNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Nodes are created once, so that `reveal` and targeted refreshes find the same objects. */
  private readonly chapterNodes = new Map<string, CourseNode>();
  private readonly lessonNodes = new Map<string, CourseNode>();
  private readonly visualizerNodes = new Map<string, CourseNode>();
  private readonly exerciseNodes = new Map<string, CourseNode>();

  constructor(
    course: CourseIndex,
    private readonly progress: ProgressStore,
  ) {
    super();
    for (const chapter of course.course.chapters) {
      this.chapterNodes.set(chapter.id, { kind: 'chapter', chapter });
      this.lessonNodes.set(chapter.id, { kind: 'lesson', chapter });
      const visualizer = VISUALIZERS[chapter.id];
      if (visualizer) this.visualizerNodes.set(chapter.id, { kind: 'visualizer', chapter, visualizer });
      for (const exercise of chapter.exercises) this.exerciseNodes.set(exercise.id, { kind: 'exercise', chapter, exercise });
    }
    this.register(
      progress.onDidChange(({ ids }) => {
        // A change to an exercise or a lesson also changes its chapter's progress description.
        for (const id of ids) {
          const node = this.exerciseNodes.get(id) ?? this.lessonNodes.get(id);
          if (!node) continue;
          this.changed.fire(node);
          this.changed.fire(this.chapterNodes.get(node.chapter.id));
        }
      }),
    );
  }

  nodeForExercise(id: string): CourseNode | undefined {
    return this.exerciseNodes.get(id);
  }

  getChildren(node?: CourseNode): CourseNode[] {
    if (!node) return [...this.chapterNodes.values()];
    if (node.kind !== 'chapter') return [];
    const visualizer = this.visualizerNodes.get(node.chapter.id);
    return [this.lessonNodes.get(node.chapter.id)!, ...(visualizer ? [visualizer] : []), ...node.chapter.exercises.map((e) => this.exerciseNodes.get(e.id)!)];
  }

  getParent(node: CourseNode): CourseNode | undefined {
    return node.kind === 'chapter' ? undefined : this.chapterNodes.get(node.chapter.id);
  }

  getTreeItem(node: CourseNode): vscode.TreeItem {
    switch (node.kind) {
      case 'chapter':
        return this.chapterItem(node.chapter);
      case 'lesson':
        return this.lessonItem(node.chapter);
      case 'visualizer':
        return visualizerItem(node.chapter, node.visualizer);
      case 'exercise':
        return this.exerciseItem(node.exercise);
    }
  }

  private chapterItem(c: Chapter): vscode.TreeItem {
    const { passed, total, available } = this.progress.chapterProgress(c.exercises);
    const item = new vscode.TreeItem(`${c.number}. ${c.title}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `chapter:${c.id}`;
    item.contextValue = 'chapter';
    item.description = `${passed}/${total}`;
    item.iconPath =
      total > 0 && passed === total
        ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('library');
    const tip = new vscode.MarkdownString(`**Chapter ${c.number}: ${c.title}**\n\n${c.summary}\n\n`);
    tip.appendMarkdown(`${passed} of ${total} exercises passed`);
    if (available < total) tip.appendMarkdown(` · ${total - available} coming soon`);
    item.tooltip = tip;
    item.accessibilityInformation = { label: `Chapter ${c.number}, ${c.title}, ${passed} of ${total} exercises passed` };
    return item;
  }

  private lessonItem(c: Chapter): vscode.TreeItem {
    const readAt = this.progress.lessonReadAt(c.id);
    const item = new vscode.TreeItem('Lesson', vscode.TreeItemCollapsibleState.None);
    item.id = `lesson:${c.id}`;
    item.contextValue = readAt ? 'lesson.read' : 'lesson';
    item.description = readAt ? 'read' : undefined;
    item.iconPath = new vscode.ThemeIcon('book');
    item.tooltip = `Lesson ${c.number}: ${c.title}`;
    item.command = { command: CommandId.OpenLesson, title: 'Open Lesson', arguments: [c.id] };
    return item;
  }

  private exerciseItem(e: Exercise): vscode.TreeItem {
    const p = this.progress.get(e.id);
    const item = new vscode.TreeItem(e.title, vscode.TreeItemCollapsibleState.None);
    item.id = `exercise:${e.id}`;
    const details = `${DIFFICULTY_LABEL[e.difficulty]} · ${e.minutes} min`;
    if (e.comingSoon) {
      item.contextValue = 'exercise.soon';
      item.description = 'coming soon';
      item.iconPath = new vscode.ThemeIcon('clock', new vscode.ThemeColor('disabledForeground'));
      item.tooltip = new vscode.MarkdownString(`**${e.title}** (${details})\n\nComing soon: this exercise's content has not landed yet.`);
      return item;
    }
    item.contextValue = `exercise.${p.status === 'passed' ? 'passed' : p.status === 'in-progress' ? 'started' : 'new'}`;
    item.description = statusDescription(p, details);
    item.iconPath = statusIcon(p);
    item.tooltip = exerciseTooltip(e, p, details);
    item.command = { command: CommandId.OpenExercise, title: 'Open Exercise', arguments: [e.id] };
    item.accessibilityInformation = { label: `${e.title}, ${p.status.replace('-', ' ')}` };
    return item;
  }
}

function visualizerItem(c: Chapter, v: Visualizer): vscode.TreeItem {
  const item = new vscode.TreeItem(v.label, vscode.TreeItemCollapsibleState.None);
  item.id = `visualizer:${c.id}`;
  item.contextValue = 'visualizer';
  item.iconPath = new vscode.ThemeIcon('graph-scatter');
  item.tooltip = v.tooltip;
  item.command = { command: v.command, title: `Open ${v.label}` };
  return item;
}

function statusIcon(p: ExerciseProgress): vscode.ThemeIcon {
  switch (p.status) {
    case 'passed':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'in-progress':
      return new vscode.ThemeIcon('circle-large-filled', new vscode.ThemeColor('testing.iconQueued'));
    case 'not-started':
      return new vscode.ThemeIcon('circle-large-outline');
  }
}

function statusDescription(p: ExerciseProgress, details: string): string {
  if (p.lastRun && p.status !== 'passed') return `${p.lastRun.passed}/${p.lastRun.total} tests · ${details}`;
  return details;
}

function exerciseTooltip(e: Exercise, p: ExerciseProgress, details: string): vscode.MarkdownString {
  const status = { 'not-started': 'Not started', 'in-progress': 'In progress', passed: 'Passed' }[p.status];
  const md = new vscode.MarkdownString(`**${e.title}**\n\n\`${e.id}\` · ${details}\n\n${status}`);
  if (p.attempts) md.appendMarkdown(` · ${p.attempts} test run${p.attempts === 1 ? '' : 's'} · best ${Math.round(p.bestScore * 100)}%`);
  if (p.lastRun) md.appendMarkdown(`\n\nLast run ${new Date(p.lastRun.at).toLocaleString()}: ${p.lastRun.passed}/${p.lastRun.total} passed`);
  return md;
}
