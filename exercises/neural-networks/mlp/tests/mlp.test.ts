// Hidden tests for neural-networks/mlp. The reference here is a plain-number forward pass over the parameters
// in the order mlp.ts documents (neuron: weights then bias; layer: neuron 0 first; MLP: layer 0 first), and
// gradients by central differences (h = 1e-6) of that forward pass. Tolerance: 1e-6 relative+absolute for
// values, 1e-5 for gradients and for parameters after a gradient step.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/mlp';
import { assertClose, learner, misconception, noteReferenceFallbacks, seededRandom } from '../../../kit';

const load = () => {
  const m = learner<typeof Sol>('mlp.ts', ['Neuron', 'Layer', 'MLP', 'mse', 'trainStep', 'trainXOR']);
  noteReferenceFallbacks();
  return m;
};

const XS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const YS = [0, 1, 1, 0];

type Act = 'tanh' | 'linear';
/** Forward pass on plain numbers: sizes = [nin, ...nouts], params flat in the documented order. */
function refForward(sizes: number[], params: number[], x: number[], hidden: Act = 'tanh', output: Act = 'linear'): number[] {
  let a = x;
  let k = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const act = l + 2 === sizes.length ? output : hidden;
    const out: number[] = [];
    for (let j = 0; j < sizes[l + 1]; j++) {
      let s = 0;
      for (let i = 0; i < sizes[l]; i++) s += params[k + i] * a[i];
      s += params[k + sizes[l]];
      k += sizes[l] + 1;
      out.push(act === 'tanh' ? Math.tanh(s) : s);
    }
    a = out;
  }
  return a;
}
const refMse = (sizes: number[], params: number[]) => XS.reduce((s, x, i) => s + (refForward(sizes, params, x)[0] - YS[i]) ** 2, 0) / XS.length;

function numericGrad(f: (p: number[]) => number, p: number[], h = 1e-6): number[] {
  return p.map((_, i) => {
    const up = [...p];
    const down = [...p];
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** An MLP whose parameters are set to seeded values in [-1, 1]; returns it with those values. */
function seededModel(m: typeof Sol, nin: number, nouts: number[], seed: number) {
  const model = new m.MLP(nin, nouts, seededRandom(seed));
  const rand = seededRandom(seed + 1000);
  const params = model.parameters();
  const values = params.map(() => Math.round((rand() * 2 - 1) * 1e4) / 1e4);
  params.forEach((p, i) => (p.data = values[i]));
  return { model, values };
}

describe('neural-networks/mlp: building blocks', () => {
  it('Neuron: weights rand()·2 − 1 in order, bias 0, parameters [...w, b], and out = tanh(w·x + b)', () => {
    const m = load();
    const draws = [0.75, 0.25, 0.5, 0.9];
    let i = 0;
    const n = new m.Neuron(3, () => draws[i++]);
    assert.equal(n.w.length, 3, `new Neuron(3) should have 3 weights, got ${n.w.length}`);
    assertClose(n.w.map((w) => w.data), [0.5, -0.5, 0], { what: 'the weights of new Neuron(3, rand) with rand() giving 0.75, 0.25, 0.5 (rand() * 2 − 1 each)' });
    assertClose(n.b.data, 0, { what: 'the bias of a new Neuron' });
    const ps = n.parameters();
    assert.equal(ps.length, 4, `new Neuron(3).parameters() should hold 3 weights and a bias, got ${ps.length} Values`);
    assert.ok(ps[0] === n.w[0] && ps[2] === n.w[2] && ps[3] === n.b, 'Neuron.parameters() should return the neuron\'s own Values, in the order [...w, b] (not copies)');
    n.w[0].data = 1;
    n.w[1].data = -2;
    n.w[2].data = 0.25;
    n.b.data = 0.5;
    const out = n.call([3, 1, 2]);
    const want = Math.tanh(3 - 2 + 0.5 + 0.5);
    if (Math.abs(out.data - 2) < 1e-6) {
      throw misconception('no nonlinearity', 'Neuron.call returned w·x + b = 2 without the tanh. A neuron with nonlin (the default) returns tanh(w·x + b).', { expected: want, actual: out.data });
    }
    assertClose(out.data, want, { what: 'Neuron.call([3, 1, 2]) with w = [1, -2, 0.25], b = 0.5: tanh(3 − 2 + 0.5 + 0.5)' });
    const lin = new m.Neuron(2, () => 0.5, false);
    lin.w[0].data = 2;
    lin.w[1].data = 3;
    lin.b.data = -1;
    assertClose(lin.call([1, 1]).data, 4, { what: 'a Neuron with nonlin false: call([1, 1]) with w = [2, 3], b = -1' });
  });

  it('Layer: nout neurons, one output each, parameters neuron by neuron', () => {
    const m = load();
    const layer = new m.Layer(3, 4, seededRandom(5));
    assert.equal(layer.neurons.length, 4, `new Layer(3, 4) should have 4 neurons, got ${layer.neurons.length}`);
    const ps = layer.parameters();
    assert.equal(ps.length, 16, `new Layer(3, 4).parameters() should hold (3 + 1)·4 = 16 Values, got ${ps.length}`);
    assert.ok(ps[0] === layer.neurons[0].w[0] && ps[3] === layer.neurons[0].b && ps[4] === layer.neurons[1].w[0], 'Layer.parameters() should list neuron 0\'s [...w, b], then neuron 1\'s, and so on');
    const x = [0.5, -1, 2];
    const out = layer.call(x);
    assert.equal(out.length, 4, `Layer(3, 4).call should return 4 Values, got ${out.length}`);
    const values = ps.map((p) => p.data);
    assertClose(out.map((v) => v.data), refForward([3, 4], values, x, 'tanh', 'tanh'), { what: 'Layer(3, 4).call([0.5, -1, 2])' });
  });

  it('MLP: parameter counts, output shapes, tanh on hidden layers and a linear output layer', () => {
    const m = load();
    for (const [nin, nouts, want] of [
      [2, [4, 1], 17],
      [3, [4, 4, 1], 41],
      [5, [8, 3], 75],
    ] as Array<[number, number[], number]>) {
      const model = new m.MLP(nin, nouts, seededRandom(3));
      assert.equal(model.layers.length, nouts.length, `new MLP(${nin}, [${nouts}]) should have ${nouts.length} layers, got ${model.layers.length}`);
      assert.equal(model.parameters().length, want, `new MLP(${nin}, [${nouts}]).parameters() should hold ${want} Values, got ${model.parameters().length}`);
      assert.equal(new Set(model.parameters()).size, want, `new MLP(${nin}, [${nouts}]).parameters() lists some Value twice`);
      const out = model.call(Array.from({ length: nin }, (_, i) => i / nin));
      assert.equal(out.length, nouts[nouts.length - 1], `MLP(${nin}, [${nouts}]).call should return ${nouts[nouts.length - 1]} Values, got ${out.length}`);
    }
    const sizes = [3, 4, 4, 2];
    const { model, values } = seededModel(m, 3, [4, 4, 2], 11);
    const rand = seededRandom(12);
    for (let trial = 0; trial < 10; trial++) {
      const x = [0, 1, 2].map(() => rand() * 4 - 2);
      const got = model.call(x).map((v) => v.data);
      const want = refForward(sizes, values, x);
      const agrees = (hidden: Act, output: Act) => refForward(sizes, values, x, hidden, output).every((w, i) => Math.abs(w - got[i]) < 1e-6 * (1 + Math.abs(w)));
      if (!agrees('tanh', 'linear')) {
        if (agrees('linear', 'linear')) throw misconception('no nonlinearity on hidden layers', 'your MLP is linear all the way through: without a tanh between them, stacked layers collapse into one matrix and cannot learn XOR. Create every layer but the last with nonlin true.', { expected: want, actual: got });
        if (agrees('tanh', 'tanh')) throw misconception('tanh on the output layer', 'your last layer applies tanh too. The last layer is linear (nonlin false), so the network can output any number; only the hidden layers use tanh.', { expected: want, actual: got });
      }
      assertClose(got, want, { what: `trial ${trial}: MLP(3, [4, 4, 2]).call(${JSON.stringify(x.map((v) => +v.toFixed(4)))})` });
    }
  });

  it('backward from the output reaches every parameter with the right gradient, and zeroGrad clears them', () => {
    const m = load();
    const sizes = [3, 4, 4, 2];
    const { model, values } = seededModel(m, 3, [4, 4, 2], 21);
    const x = [0.3, -0.8, 1.1];
    const [o1, o2] = model.call(x);
    o1.add(o2.mul(2)).backward(); // d(o1 + 2·o2)/d(params)
    const grads = model.parameters().map((p) => p.grad);
    const want = numericGrad((p) => {
      const [a, b] = refForward(sizes, p, x);
      return a + 2 * b;
    }, values);
    const dead = grads.findIndex((g) => g === 0);
    if (dead >= 0) throw new assert.AssertionError({ message: `parameter ${dead} of ${grads.length} got no gradient (grad 0; expected ${want[dead]}): is it used in the forward pass, and is it the same Value that parameters() returns?`, expected: want[dead], actual: 0 });
    assertClose(grads, want, { tol: 1e-5, what: 'the grads of all 46 parameters of MLP(3, [4, 4, 2]) for out = o1 + 2·o2, against central differences' });
    model.zeroGrad();
    const left = model.parameters().filter((p) => p.grad !== 0).length;
    assert.equal(left, 0, `after zeroGrad(), ${left} parameters still have a nonzero grad`);
  });
});

describe('neural-networks/mlp: training', () => {
  it('mse is the MEAN of the squared errors, and backpropagates 2(pred − target)/n', () => {
    const m = load();
    const make = (v: number) => {
      const n = new m.Neuron(1, () => 0.5, false);
      n.w[0].data = 0;
      n.b.data = v;
      return { n, out: n.call([0]) };
    };
    const items = [make(0.5), make(2), make(-1)];
    const loss = m.mse(items.map((i) => i.out), [1, 2, 1]);
    const want = (0.25 + 0 + 4) / 3;
    if (Math.abs(loss.data - 4.25) < 1e-9) throw misconception('sum instead of mean', 'mse returned the SUM of the squared errors (4.25). Divide by the number of predictions: the mean (1.4167) does not grow with the size of the data set.', { expected: want, actual: loss.data });
    assertClose(loss.data, want, { what: 'mse([0.5, 2, -1], [1, 2, 1])' });
    loss.backward();
    assertClose(items.map((i) => i.n.b.grad), [(2 * -0.5) / 3, 0, (2 * -2) / 3], { what: 'the gradient of mse([0.5, 2, -1], [1, 2, 1]) with respect to each prediction' });
  });

  it('trainStep moves every parameter by −lr·grad, fresh gradients each step, and returns the loss before the update', () => {
    const m = load();
    const sizes = [2, 4, 1];
    const lr = 0.2;
    const { model, values: p0 } = seededModel(m, 2, [4, 1], 31);
    const g1 = numericGrad((p) => refMse(sizes, p), p0);
    const p1 = p0.map((v, i) => v - lr * g1[i]);
    const loss1 = m.trainStep(model, XS, YS, lr);
    assertClose(loss1, refMse(sizes, p0), { what: 'the loss trainStep returned (the mse before the update)' });
    const after1 = model.parameters().map((p) => p.data);
    if (after1.every((v, i) => Math.abs(v - (p0[i] + lr * g1[i])) < 1e-5)) {
      throw misconception('updating with + instead of − the gradient', 'every parameter moved by +lr·grad, uphill: the loss goes up. The gradient points where the loss grows fastest; gradient descent steps against it, p.data -= lr * p.grad.', { expected: p1, actual: after1 });
    }
    assertClose(after1, p1, { tol: 1e-5, what: 'the parameters after one trainStep with lr 0.2 (p − lr·grad)' });

    const g2 = numericGrad((p) => refMse(sizes, p), p1);
    const p2 = p1.map((v, i) => v - lr * g2[i]);
    const stale = p1.map((v, i) => v - lr * (g1[i] + g2[i]));
    m.trainStep(model, XS, YS, lr);
    const after2 = model.parameters().map((p) => p.data);
    if (after2.every((v, i) => Math.abs(v - stale[i]) < 1e-5)) {
      throw misconception('forgot zero_grad (gradients accumulate across steps)', 'the second step moved the parameters by −lr·(grad of step 1 + grad of step 2): backward() ADDS into p.grad, so last step\'s gradients were still there. Call model.zeroGrad() at the start of every trainStep.', { expected: p2, actual: after2 });
    }
    assertClose(after2, p2, { tol: 1e-5, what: 'the parameters after a second trainStep' });
  });

  it('trainXOR(seed) fits XOR in at most 300 steps: loss below 0.01, every case within 0.25, for seeds 1, 2, 3', () => {
    const m = load();
    for (const seed of [1, 2, 3]) {
      const { losses, model } = m.trainXOR(seed);
      assert.ok(losses.length > 0 && losses.length <= 300, `trainXOR(${seed}) should record one loss per step, at most 300 steps; got ${losses.length} losses`);
      assert.ok(losses.every(Number.isFinite), `trainXOR(${seed}) recorded a loss that is not a finite number: ${losses.find((l) => !Number.isFinite(l))}`);
      const params = model.parameters().map((p) => p.data);
      assert.equal(params.length, 17, `trainXOR should train an MLP(2, [4, 1]) (17 parameters), got ${params.length}`);
      const preds = XS.map((x) => refForward([2, 4, 1], params, x)[0]);
      const loss = refMse([2, 4, 1], params);
      if (seed === 1) console.log(`trainXOR(1): loss ${losses[0].toFixed(4)} -> ${losses[losses.length - 1].toExponential(2)} in ${losses.length} steps; predictions ${preds.map((p) => p.toFixed(3)).join(', ')} for targets 0, 1, 1, 0`);
      if (losses[losses.length - 1] > losses[0]) throw misconception('loss goes up', `trainXOR(${seed}): the loss rose from ${losses[0]} to ${losses[losses.length - 1]}. Check the sign of the update (p.data -= lr * p.grad) and that zeroGrad runs every step.`);
      assert.ok(loss < 0.01, `trainXOR(${seed}): the trained model's mse on XOR is ${loss}, expected below 0.01 (predictions ${preds.map((p) => p.toFixed(3)).join(', ')} for targets 0, 1, 1, 0)`);
      preds.forEach((p, i) => assert.ok(Math.abs(p - YS[i]) < 0.25, `trainXOR(${seed}): for input (${XS[i]}) the model predicts ${p.toFixed(4)}, expected within 0.25 of ${YS[i]}`));
    }
  });

  it('trainXOR is deterministic for a seed, and different seeds start differently', () => {
    const m = load();
    const a = m.trainXOR(5, 20).losses;
    const b = m.trainXOR(5, 20).losses;
    const c = m.trainXOR(6, 20).losses;
    assert.equal(a.length, 20, `trainXOR(5, 20) should record 20 losses, got ${a.length}`);
    assert.deepEqual(b, a, 'trainXOR(5, 20) gave different losses on two runs: build the model with makeRandom(seed), never Math.random');
    assert.notDeepEqual(c, a, 'trainXOR(5, 20) and trainXOR(6, 20) gave the same losses: is the seed passed to makeRandom?');
  });
});
