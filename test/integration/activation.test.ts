// The extension loads in a real extension host, activates lazily from its view, and registers every command
// its manifest contributes.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'llm-foundations.llm-foundations';

interface ContributedCommand {
  command: string;
  title: string;
}

function ourExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

async function until(check: () => boolean, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('extension', () => {
  it('is not activated before the learner opens it (lazy activation)', () => {
    assert.strictEqual(ourExtension().isActive, false, 'the extension activated at startup; activation must be lazy');
  });

  it('activates when the LLM Foundations view container is shown', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.llmFoundations');
    await until(() => ourExtension().isActive, 'the extension is active');
  });

  it('focuses the Chapters view', async () => {
    // Throws "command not found" unless the view llmFoundations.chapters is contributed and registered.
    await vscode.commands.executeCommand('llmFoundations.chapters.focus');
  });

  it('registers every command that package.json contributes', async () => {
    const ext = ourExtension();
    await ext.activate();
    const contributed = (ext.packageJSON.contributes.commands as ContributedCommand[]).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
