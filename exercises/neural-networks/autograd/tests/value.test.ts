// Hidden tests for neural-networks/autograd. Tolerance: 1e-6 relative+absolute for data and for gradients with
// a closed form; 1e-5 against central differences (h = 1e-6), whose own error is far below that here.
// The references are plain-number formulas and a forward-mode derivative written in this file.

import type * as Sol from '../solution/value';
import { assertClose, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('value.ts', ['Value']);
type V = Sol.Value;
type Ctor = typeof Sol.Value;

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * (1 + Math.abs(b));
const dtanh = (x: number) => 1 - Math.tanh(x) ** 2;

const OVERWRITTEN =
  'A node that is used more than once receives a gradient from every use, and the chain rule ADDS them. In every backwardStep write `this.grad += …` and `other.grad += …`, never `=`.';

/** Checks the grads of x (an input) and y (an intermediate node with several users) in a graph whose order matters. */
function checkOrder(what: string, x: V, y: V, wantX: number, wantY: number, others: V[]): void {
  if (x.grad === 0 && y.grad === 0 && others.some((v) => v.grad !== 0)) {
    throw misconception('backward without topological order', `${what}: after backward() x and y still have grad 0 although the nodes above them got theirs. Their backward steps ran before any gradient had reached them — in the order the graph was built, or in no particular order. Sort the graph topologically (children before parents) and call backwardStep in REVERSE of that order, starting from the output.`, { expected: wantX, actual: x.grad });
  }
  if (close(y.grad, wantY) && !close(x.grad, wantX)) {
    if (Math.abs(x.grad) > Math.abs(wantX)) {
      throw misconception('backward called on children before the node is finished', `${what}: the shared node y ends with the right grad (${wantY}), but x got ${x.grad} instead of ${wantX}: y passed its gradient on to x more than once, each time only partly accumulated — what a recursive backward that descends into a child as soon as it gets a gradient does. Collect the nodes in topological order first, then run each node's backwardStep exactly once, from the output back.`, { expected: wantX, actual: x.grad });
    }
    throw misconception('backward without topological order', `${what}: the shared node y ends with the right grad (${wantY}), but x got only ${x.grad} instead of ${wantX}: y passed its gradient on before every node that uses it had run (a breadth-first walk does this when paths have different lengths). Run backwardStep in reverse topological order, so a node runs only after all its users.`, { expected: wantX, actual: x.grad });
  }
  assertClose(y.grad, wantY, { what: `${what}: the grad of the shared node y` });
  assertClose(x.grad, wantX, { what: `${what}: the grad of the input x` });
}

// ---- random expressions, built twice: on plain numbers (reference) and on the learner's Values ----

interface ExprNode {
  op: string;
  args: number[]; // indices into the pool (leaves first, then earlier nodes)
  k: number; // the constant of pow and of the number-operand ops
}

function applyNum(n: ExprNode, v: number[]): number {
  const [a, b] = n.args.map((i) => v[i]);
  switch (n.op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'addk': return a + n.k;
    case 'subk': return a - n.k;
    case 'mulk': return a * n.k;
    case 'divk': return a / n.k;
    case 'pow': return a ** n.k;
    case 'neg': return -a;
    case 'exp': return Math.exp(a);
    case 'log': return Math.log(a);
    case 'tanh': return Math.tanh(a);
    case 'relu': return Math.max(0, a);
    default: throw new Error(n.op);
  }
}

function applyValue(n: ExprNode, v: V[]): V {
  const [a, b] = n.args.map((i) => v[i]);
  switch (n.op) {
    case 'add': return a.add(b);
    case 'sub': return a.sub(b);
    case 'mul': return a.mul(b);
    case 'div': return a.div(b);
    case 'addk': return a.add(n.k);
    case 'subk': return a.sub(n.k);
    case 'mulk': return a.mul(n.k);
    case 'divk': return a.div(n.k);
    case 'pow': return a.pow(n.k);
    case 'neg': return a.neg();
    case 'exp': return a.exp();
    case 'log': return a.log();
    case 'tanh': return a.tanh();
    case 'relu': return a.relu();
    default: throw new Error(n.op);
  }
}

const OPS = ['add', 'sub', 'mul', 'div', 'addk', 'subk', 'mulk', 'divk', 'pow', 'neg', 'exp', 'log', 'tanh', 'relu'];

/** A random expression DAG over `leaves` inputs whose every operation is safely inside its domain. */
function randomExpression(rand: () => number, leafValues: number[], size: number): ExprNode[] {
  const values = [...leafValues];
  const nodes: ExprNode[] = [];
  // Prefer recent entries, so the graph gets deep, but reuse old ones too, so nodes get several users.
  const pick = () => (rand() < 0.6 ? values.length - 1 - Math.floor(rand() * Math.min(3, values.length)) : Math.floor(rand() * values.length));
  while (nodes.length < size) {
    const op = OPS[Math.floor(rand() * OPS.length)];
    const a = pick();
    const b = pick();
    const k = op === 'pow' ? [2, 3, -1, 0.5][Math.floor(rand() * 4)] : Math.round((rand() * 3 + 0.5) * (rand() < 0.5 ? -1 : 1) * 100) / 100;
    const n: ExprNode = { op, args: ['add', 'sub', 'mul', 'div'].includes(op) ? [a, b] : [a], k };
    const va = values[a];
    const vb = values[b];
    const ok =
      (op !== 'div' || Math.abs(vb) > 0.3) &&
      (op !== 'log' || va > 0.2) &&
      (op !== 'exp' || va < 2.5) &&
      (op !== 'relu' || Math.abs(va) > 1e-3) &&
      (op !== 'pow' || (n.k === -1 ? Math.abs(va) > 0.3 : n.k === 0.5 ? va > 0.2 : true));
    if (!ok) continue;
    const out = applyNum(n, values);
    if (!Number.isFinite(out) || Math.abs(out) > 20) continue;
    nodes.push(n);
    values.push(out);
  }
  return nodes;
}

function evalNum(nodes: ExprNode[], leaves: number[]): number {
  const v = [...leaves];
  for (const n of nodes) v.push(applyNum(n, v));
  return v[v.length - 1];
}

const describeExpr = (nodes: ExprNode[], nLeaves: number) =>
  nodes
    .map((n, i) => {
      const name = (j: number) => (j < nLeaves ? `x${j}` : `n${j - nLeaves}`);
      const args = n.args.map(name);
      const k = ['addk', 'subk', 'mulk', 'divk', 'pow'].includes(n.op) ? `, ${n.k}` : '';
      return `n${i} = ${n.op.replace(/k$/, '')}(${args.join(', ')}${k})`;
    })
    .join('; ');

describe('neural-networks/autograd: operations', () => {
  it('a new Value holds its data, starts with grad 0, and takes (data, children, op)', () => {
    const { Value } = load();
    const a = new Value(3);
    assertClose(a.data, 3, { what: 'new Value(3).data' });
    assertClose(a.grad, 0, { what: 'new Value(3).grad' });
    const b = new Value(-1.5, [a], 'tanh');
    assertClose(b.data, -1.5, { what: "new Value(-1.5, [a], 'tanh').data" });
    assertClose(b.grad, 0, { what: "new Value(-1.5, [a], 'tanh').grad" });
  });

  it('computes the data of every operation, with Values and plain numbers as operands', () => {
    const { Value } = load();
    const a = () => new Value(1.5);
    const b = () => new Value(-0.4);
    const cases: Array<[string, () => V, number]> = [
      ['a.add(b)', () => a().add(b()), 1.1],
      ['a.add(2)', () => a().add(2), 3.5],
      ['a.mul(b)', () => a().mul(b()), -0.6],
      ['a.mul(-3)', () => a().mul(-3), -4.5],
      ['a.sub(b)', () => a().sub(b()), 1.9],
      ['a.sub(0.5)', () => a().sub(0.5), 1],
      ['a.div(b)', () => a().div(b()), -3.75],
      ['a.div(4)', () => a().div(4), 0.375],
      ['a.pow(3)', () => a().pow(3), 3.375],
      ['a.pow(-1)', () => a().pow(-1), 1 / 1.5],
      ['a.pow(0.5)', () => a().pow(0.5), Math.sqrt(1.5)],
      ['a.neg()', () => a().neg(), -1.5],
      ['a.exp()', () => a().exp(), Math.exp(1.5)],
      ['a.log()', () => a().log(), Math.log(1.5)],
      ['a.tanh()', () => a().tanh(), Math.tanh(1.5)],
      ['b.tanh()', () => b().tanh(), Math.tanh(-0.4)],
      ['a.relu()', () => a().relu(), 1.5],
      ['b.relu()', () => b().relu(), 0],
    ];
    for (const [what, f, want] of cases) {
      const out = f();
      if (!(out instanceof Value)) throw new Error(`${what} (a = 1.5, b = -0.4) should return a new Value, got ${typeof out}`);
      assertClose(out.data, want, { what: `${what}.data with a = 1.5, b = -0.4` });
    }
  });

  it("backpropagates through every operation: each input's grad is the local derivative", () => {
    const { Value } = load();
    // [expression, x, y (or null), f(x, y), d/dx, d/dy]
    const binary: Array<[string, (x: V, y: V) => V, number, number, number, number]> = [
      ['x.add(y)', (x, y) => x.add(y), 0.7, -1.3, 1, 1],
      ['x.mul(y)', (x, y) => x.mul(y), 0.7, -1.3, -1.3, 0.7],
      ['x.sub(y)', (x, y) => x.sub(y), 0.7, -1.3, 1, -1],
      ['x.div(y)', (x, y) => x.div(y), 0.7, -1.3, 1 / -1.3, -0.7 / 1.3 ** 2],
    ];
    for (const [what, f, xv, yv, dx, dy] of binary) {
      const x = new Value(xv);
      const y = new Value(yv);
      const out = f(x, y);
      out.backward();
      assertClose(x.grad, dx, { what: `out = ${what} with x = ${xv}, y = ${yv}: x.grad` });
      assertClose(y.grad, dy, { what: `out = ${what} with x = ${xv}, y = ${yv}: y.grad` });
    }
    const unary: Array<[string, (x: V) => V, number, number]> = [
      ['x.add(2)', (x) => x.add(2), 0.7, 1],
      ['x.mul(-3)', (x) => x.mul(-3), 0.7, -3],
      ['x.sub(5)', (x) => x.sub(5), 0.7, 1],
      ['x.div(4)', (x) => x.div(4), 0.7, 0.25],
      ['x.pow(2)', (x) => x.pow(2), 0.7, 1.4],
      ['x.pow(3)', (x) => x.pow(3), -1.2, 3 * 1.44],
      ['x.pow(-1)', (x) => x.pow(-1), 0.8, -1 / 0.64],
      ['x.pow(0.5)', (x) => x.pow(0.5), 0.81, 0.5 / 0.9],
      ['x.neg()', (x) => x.neg(), 0.7, -1],
      ['x.exp()', (x) => x.exp(), 0.7, Math.exp(0.7)],
      ['x.log()', (x) => x.log(), 0.7, 1 / 0.7],
      ['x.tanh()', (x) => x.tanh(), 0.7, dtanh(0.7)],
      ['x.tanh()', (x) => x.tanh(), -2, dtanh(-2)],
      ['x.relu()', (x) => x.relu(), 0.7, 1],
      ['x.relu()', (x) => x.relu(), -0.7, 0],
    ];
    for (const [what, f, xv, dx] of unary) {
      const x = new Value(xv);
      f(x).backward();
      assertClose(x.grad, dx, { what: `out = ${what} with x = ${xv}: x.grad` });
    }
  });
});

describe('neural-networks/autograd: backward', () => {
  it("sets the output's own grad to 1 and fills in the lesson's worked example", () => {
    const { Value } = load();
    // L = (w·x + b − t)², w = 0.5, x = 2, b = 1, t = 3: the lesson's example, dL/dw = −4, dL/db = −2.
    const w = new Value(0.5);
    const x = new Value(2);
    const b = new Value(1);
    const loss = w.mul(x).add(b).sub(3).pow(2);
    loss.backward();
    if (loss.grad === 0 && w.grad === 0 && b.grad === 0) {
      throw misconception('forgot to set the output grad to 1', 'after loss.backward() every grad, the output\'s too, is still 0. Everything downstream is multiplied by the output\'s grad, so backward() must start with this.grad = 1 (d loss / d loss) before running the backward steps.', { expected: 1, actual: loss.grad });
    }
    assertClose(loss.data, 1, { what: 'loss.data for (0.5·2 + 1 − 3)²' });
    assertClose(loss.grad, 1, { what: 'loss.grad after loss.backward() (d loss / d loss)' });
    assertClose(w.grad, -4, { what: 'w.grad (dL/dw = 2(wx + b − t)·x)' });
    assertClose(x.grad, -1, { what: 'x.grad (dL/dx = 2(wx + b − t)·w)' });
    assertClose(b.grad, -2, { what: 'b.grad (dL/db = 2(wx + b − t))' });
  });

  it('accumulates the gradients of a node used twice: a.add(a), a.mul(a), a.sub(a), a.div(a)', () => {
    const { Value } = load();
    const cases: Array<[string, (a: V) => V, number, number]> = [
      ['a.add(a)', (a) => a.add(a), 3, 2],
      ['a.mul(a)', (a) => a.mul(a), 3, 6],
      ['a.sub(a)', (a) => a.sub(a), 3, 0],
      ['a.div(a)', (a) => a.div(a), 3, 0],
      ['a.mul(2).add(a)', (a) => a.mul(2).add(a), 3, 3],
      ['a.tanh().mul(a)', (a) => a.tanh().mul(a), 0.5, Math.tanh(0.5) + 0.5 * dtanh(0.5)],
    ];
    for (const [what, f, av, want] of cases) {
      const a = new Value(av);
      f(a).backward();
      if (!close(a.grad, want)) {
        const overwritten = (what === 'a.add(a)' && close(a.grad, 1)) || (what === 'a.mul(a)' && close(a.grad, av));
        if (overwritten) throw misconception('grad overwritten instead of accumulated (=, not +=)', `for out = ${what} with a = ${av}, a.grad came back ${a.grad} instead of ${want}. ${OVERWRITTEN}`, { expected: want, actual: a.grad });
        assertClose(a.grad, want, { what: `out = ${what} with a = ${av}: a.grad (a is used twice; both uses add up)` });
      }
    }
  });

  it('gets diamond graphs right, where the order of the backward steps matters', () => {
    const { Value } = load();
    // x -> y = tanh(x) -> (y·2, y·3) -> sum: two equally long paths from y to the output.
    {
      const x = new Value(0.5);
      const y = x.tanh();
      const p = y.mul(2);
      const q = y.mul(3);
      const out = p.add(q);
      out.backward();
      checkOrder('out = 2·tanh(x) + 3·tanh(x), x = 0.5', x, y, 5 * dtanh(0.5), 5, [y, p, q]);
    }
    // x -> y = tanh(x) -> out = exp(2y) + y: a long and a short path from y to the output.
    {
      const x = new Value(0.3);
      const y = x.tanh();
      const m = y.mul(2);
      const e = m.exp();
      const out = e.add(y);
      out.backward();
      const t = Math.tanh(0.3);
      const wantY = 1 + 2 * Math.exp(2 * t);
      checkOrder('out = exp(2·tanh(x)) + tanh(x), x = 0.3', x, y, wantY * dtanh(0.3), wantY, [y, m, e]);
    }
  });

  it('survives a graph 1,000 nodes deep (no stack overflow) and gets its gradient right', () => {
    const { Value } = load();
    // 999 operations in a chain, cycling through mul, add, tanh-and-rescale; the derivative is tracked in
    // forward mode on plain numbers: (v, dv/dx).
    const x = new Value(0.3);
    let v: V = x;
    let num = 0.3;
    let dnum = 1;
    for (let i = 0; i < 999; i++) {
      switch (i % 3) {
        case 0:
          v = v.mul(1.01);
          num *= 1.01;
          dnum *= 1.01;
          break;
        case 1:
          v = v.add(0.002);
          num += 0.002;
          break;
        default:
          v = v.tanh();
          dnum *= dtanh(num);
          num = Math.tanh(num);
      }
    }
    try {
      v.backward();
    } catch (err) {
      if (err instanceof RangeError) {
        throw misconception('recursion too deep', `backward() on a chain 1,000 nodes deep threw "${err.message}". Build the topological order with an explicit stack (a loop), not a recursive function that goes one level deeper per node.`);
      }
      throw err;
    }
    assertClose(v.data, num, { what: 'the output of the 1,000-node chain' });
    assertClose(x.grad, dnum, { what: 'x.grad at the bottom of the 1,000-node chain' });
  });

  it('survives 333 stacked diamonds (v = v + tanh(v·0.5)), 1,000 nodes deep', () => {
    const { Value } = load();
    // First 12 diamonds: a backward that re-walks every path (2^n of them) is wrong here and would never finish
    // 333, so it fails now, with a name.
    for (const depth of [12, 333]) {
      const x = new Value(-0.2);
      let v: V = x;
      let num = -0.2;
      let dnum = 1;
      for (let i = 0; i < depth; i++) {
        v = v.add(v.mul(0.5).tanh()); // v is used twice in every step
        dnum *= 1 + 0.5 * dtanh(0.5 * num);
        num += Math.tanh(0.5 * num);
      }
      v.backward();
      const what = `${depth} stacked diamonds`;
      assertClose(v.data, num, { what: `the output of ${what}` });
      if (!close(x.grad, dnum) && close(x.grad, 1)) throw misconception('grad overwritten instead of accumulated (=, not +=)', `${what}: x.grad came back 1 instead of ${dnum}: each v is used twice. ${OVERWRITTEN}`, { expected: dnum, actual: x.grad });
      if (!close(x.grad, dnum) && Math.abs(x.grad) > Math.abs(dnum)) {
        throw misconception('backward called on children before the node is finished', `${what}: x.grad came back ${x.grad} instead of ${dnum}: gradients were passed down before a node had collected all of its own, so they were counted once per path (and there are 2^${depth} paths). Collect the nodes in topological order first, then run each backwardStep once, in reverse.`, { expected: dnum, actual: x.grad });
      }
      assertClose(x.grad, dnum, { what: `x.grad at the bottom of ${what}` });
    }
  });

  it('matches central differences on 40 seeded random expressions using every operation', () => {
    const { Value } = load();
    const Val: Ctor = Value;
    const rand = seededRandom(2718);
    const h = 1e-6;
    for (let trial = 0; trial < 40; trial++) {
      const nLeaves = 2 + Math.floor(rand() * 3);
      const leaves = Array.from({ length: nLeaves }, () => Math.round((rand() * 3 - 1.5) * 1000) / 1000);
      const nodes = randomExpression(rand, leaves, 4 + Math.floor(rand() * 12));
      const xs = leaves.map((l) => new Val(l));
      const all: V[] = [...xs];
      for (const n of nodes) all.push(applyValue(n, all));
      const out = all[all.length - 1];
      const what = `trial ${trial}: ${describeExpr(nodes, nLeaves)} at x = ${JSON.stringify(leaves)}`;
      assertClose(out.data, evalNum(nodes, leaves), { what: `${what}: the output's data` });
      out.backward();
      for (let i = 0; i < nLeaves; i++) {
        const up = [...leaves];
        const down = [...leaves];
        up[i] += h;
        down[i] -= h;
        const numeric = (evalNum(nodes, up) - evalNum(nodes, down)) / (2 * h);
        assertClose(xs[i].grad, numeric, { tol: 1e-5, what: `${what}: x${i}.grad against central differences` });
      }
    }
  });
});
