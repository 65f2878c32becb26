// Where an import of another exercise's file falls back to: pure path logic, for both layouts a learner file
// can be graded in (a workspace course folder, and the repository's starter/solution folders).

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { referenceFallback } from '../../../src/grading/transform';

const REF = path.resolve('/ext/exercises');

describe('referenceFallback', () => {
  it("maps a workspace import of an earlier exercise to that exercise's reference solution", () => {
    const learnerDir = path.resolve('/ws/llm-foundations/neural-networks/mlp');
    const r = referenceFallback('../autograd/value', path.join(learnerDir, 'mlp.ts'), { learnerDir, referenceDir: REF });
    assert.deepEqual(r, { file: path.join(REF, 'neural-networks', 'autograd', 'solution', 'value'), standsFor: 'neural-networks/autograd/value' });
  });

  it('maps an import across chapters', () => {
    const learnerDir = path.resolve('/ws/course/capstone/mini-gpt');
    const r = referenceFallback('../../transformer/attention/attention.js', path.join(learnerDir, 'mini-gpt.ts'), { learnerDir, referenceDir: REF });
    assert.equal(r?.file, path.join(REF, 'transformer', 'attention', 'solution', 'attention.js'));
  });

  it('reads the repository layout one folder deeper (starter/ and solution/)', () => {
    const learnerDir = path.resolve('/repo/exercises/neural-networks/mlp/solution');
    const r = referenceFallback('../autograd/value', path.join(learnerDir, 'mlp.ts'), { learnerDir, referenceDir: REF });
    assert.equal(r?.standsFor, 'neural-networks/autograd/value');
  });

  it("follows a borrowed reference solution's own imports of other exercises to their references", () => {
    const learnerDir = path.resolve('/ws/course/transformer/block');
    const borrowed = path.join(REF, 'transformer', 'multi-head', 'solution', 'multi-head.ts');
    const r = referenceFallback('../attention/attention', borrowed, { learnerDir, referenceDir: REF });
    assert.equal(r?.file, path.join(REF, 'transformer', 'attention', 'solution', 'attention'));
  });

  it("leaves alone imports inside the exercise, bare imports and files that are not the learner's", () => {
    const learnerDir = path.resolve('/ws/course/neural-networks/mlp');
    const folders = { learnerDir, referenceDir: REF };
    assert.equal(referenceFallback('./helpers', path.join(learnerDir, 'mlp.ts'), folders), undefined);
    assert.equal(referenceFallback('@tensorflow/tfjs', path.join(learnerDir, 'mlp.ts'), folders), undefined);
    assert.equal(referenceFallback('../autograd/value', path.resolve('/elsewhere/x.ts'), folders), undefined);
    assert.equal(referenceFallback('../../../../etc/passwd', path.join(learnerDir, 'mlp.ts'), folders), undefined);
  });
});
