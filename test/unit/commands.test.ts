import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandId, ViewId, WALKTHROUGH_ID } from '../../src/commands/ids';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

describe('package.json contributions and the typed ids', () => {
  it('contributes exactly the commands of the CommandId enum', () => {
    const contributed = (pkg.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    assert.deepStrictEqual(contributed, Object.values(CommandId).sort());
  });

  it('puts every command in the "LLM Foundations" category', () => {
    for (const c of pkg.contributes.commands as Array<{ command: string; category: string }>) {
      assert.strictEqual(c.category, 'LLM Foundations', c.command);
    }
  });

  it('refers only to known commands in menus', () => {
    const known = new Set<string>(Object.values(CommandId));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, Array<{ command: string }>>)) {
      for (const e of entries) assert.ok(known.has(e.command), `${menu} refers to unknown command ${e.command}`);
    }
  });

  it('declares the view container and view of ViewId', () => {
    assert.deepStrictEqual(pkg.contributes.viewsContainers.activitybar.map((v: { id: string }) => v.id), [ViewId.Container]);
    assert.deepStrictEqual(pkg.contributes.views[ViewId.Container].map((v: { id: string }) => v.id), [ViewId.Chapters]);
  });

  it('names the walkthrough with its full id', () => {
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.strictEqual(WALKTHROUGH_ID, `${pkg.publisher}.${pkg.name}#${walkthrough.id}`);
    assert.ok(walkthrough.steps.length >= 5 && walkthrough.steps.length <= 7, `${walkthrough.steps.length} steps`);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length, `step ${step.id} has no completion event`);
      assert.ok(fs.existsSync(path.resolve(__dirname, '../..', step.media.markdown)), `step ${step.id}: ${step.media.markdown} missing`);
    }
  });

  it('asks for limited support in untrusted workspaces and lazy activation', () => {
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(!pkg.activationEvents.includes('*'), 'activation must be lazy');
    assert.strictEqual(pkg.engines.vscode, '^1.100.0');
    assert.deepStrictEqual(pkg.categories, ['Education', 'Machine Learning']);
  });
});
