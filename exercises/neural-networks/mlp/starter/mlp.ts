// A multi-layer perceptron on top of your autograd Value: neurons, layers, a network, and a training loop that
// learns XOR — the function no single neuron can represent. This is micrograd's nn.py: every weight is a Value,
// so loss.backward() fills in every gradient and gradient descent is one line per parameter.
// Deliberately left out: batching into matrices (the mini-LLM project does that by hand), momentum, Adam.
//
//   const model = new MLP(2, [4, 1], makeRandom(1));   // 2 inputs -> 4 tanh neurons -> 1 linear output
//   model.call([0, 1])                                  // [Value]: the prediction for the input (0, 1)
//   model.parameters().length                           // (2 + 1)·4 + (4 + 1)·1 = 17

// Your Value from the autograd exercise (types only so far; step 1 calls new Value(...)).
// eslint-disable-next-line @typescript-eslint/consistent-type-imports
import { Value } from '../autograd/value';

/**
 * A seeded random number generator (mulberry32): makeRandom(1)() is always the same number in [0, 1).
 * Provided — it makes a training run repeatable, so the tests can ask for "seed 1" and always get one result.
 */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Step 1. One neuron: out = tanh(w · x + b), or just w · x + b when nonlin is false.
 * Initialization: w[i] = rand() * 2 − 1 for i = 0 … nin−1, in that order (uniform in [−1, 1)), and b = 0.
 *
 *   const n = new Neuron(2, rand);  n.w[0].data = 1; n.w[1].data = -2; n.b.data = 0.5;
 *   n.call([3, 1]).data -> tanh(3 − 2 + 0.5) = tanh(1.5) = 0.9051
 */
export class Neuron {
  readonly w: Value[];
  readonly b: Value;

  constructor(
    nin: number,
    rand: () => number = Math.random,
    readonly nonlin = true,
  ) {
    void rand; // draw the weights from it
    throw new Error(`TODO: step 1 — Neuron(${nin}): ${nin} weights new Value(rand() * 2 - 1), in order, then the bias new Value(0) (nonlin: ${nonlin})`);
  }

  call(x: Array<Value | number>): Value {
    throw new Error(`TODO: step 1 — Neuron.call on ${x.length} inputs: act = b + Σ w[i]·x[i] with Value add/mul, then tanh() when this.nonlin`);
  }

  /** [...w, b]: the weights in order, then the bias. */
  parameters(): Value[] {
    throw new Error('TODO: step 1 — Neuron.parameters: the weights, then the bias');
  }
}

/**
 * Step 2. A layer: nout neurons, each seeing the same nin inputs; call returns one Value per neuron.
 * The neurons are created in order, neuron 0 first (so they draw from rand in that order).
 *
 *   new Layer(3, 4, rand).call([1, 2, 3]).length -> 4,   .parameters().length -> (3 + 1)·4 = 16
 */
export class Layer {
  readonly neurons: Neuron[];

  constructor(nin: number, nout: number, rand: () => number = Math.random, nonlin = true) {
    void rand; // pass it on to every neuron
    throw new Error(`TODO: step 2 — Layer(${nin}, ${nout}): ${nout} neurons, each new Neuron(${nin}, rand, ${nonlin})`);
  }

  call(x: Array<Value | number>): Value[] {
    throw new Error(`TODO: step 2 — Layer.call on ${x.length} inputs: one output per neuron`);
  }

  /** The parameters of neuron 0, then neuron 1, … */
  parameters(): Value[] {
    throw new Error('TODO: step 2 — Layer.parameters: every neuron\'s parameters, neuron 0 first');
  }
}

/**
 * Step 3. The network: layer i maps sizes[i] to sizes[i+1], where sizes = [nin, ...nouts]. Every layer but the
 * last is tanh; the last is linear (nonlin false), so the output can be any number.
 *
 *   new MLP(3, [4, 4, 1]).parameters().length -> 16 + 20 + 5 = 41
 */
export class MLP {
  readonly layers: Layer[];

  constructor(nin: number, nouts: number[], rand: () => number = Math.random) {
    void rand; // pass it on to every layer
    throw new Error(`TODO: step 3 — MLP(${nin}, [${nouts.join(', ')}]): layer i maps sizes[i] to sizes[i+1], tanh on all but the last`);
  }

  call(x: Array<Value | number>): Value[] {
    throw new Error(`TODO: step 3 — MLP.call on ${x.length} inputs: feed the output of each layer into the next`);
  }

  /** The parameters of layer 0, then layer 1, … */
  parameters(): Value[] {
    throw new Error('TODO: step 3 — MLP.parameters: every layer\'s parameters, layer 0 first');
  }

  /** Sets every parameter's grad to 0, before the next backward(). */
  zeroGrad(): void {
    throw new Error('TODO: step 3 — zeroGrad: set p.grad = 0 for every parameter');
  }
}

/**
 * Step 4. Mean squared error: (1/n) Σ (pred_i − target_i)², as a Value so it can be backpropagated.
 *
 *   mse([Value(0.5), Value(2)], [1, 2]).data -> ((−0.5)² + 0²) / 2 = 0.125
 */
export function mse(preds: Value[], targets: number[]): Value {
  throw new Error(`TODO: step 4 — mse of ${preds.length} predictions against ${targets.length} targets, as a Value`);
}

/**
 * Step 5. One step of gradient descent on the whole data set, using output 0 of the model as the prediction:
 * zero the grads, forward every input, loss = mse, backward, then p.data −= lr · p.grad for every parameter.
 * Returns the loss before the update.
 */
export function trainStep(model: MLP, xs: number[][], ys: number[], lr: number): number {
  void model; // zeroGrad it, call it, update its parameters
  throw new Error(`TODO: step 5 — trainStep on ${xs.length} examples (${ys.length} targets, lr ${lr}): zeroGrad, forward, mse, backward, p.data -= lr * p.grad`);
}

/** The four XOR cases: the output is 1 when exactly one input is 1. */
export const XOR_X: number[][] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_Y: number[] = [0, 1, 1, 0];

/**
 * Step 6. Fit XOR: model = new MLP(2, [4, 1], makeRandom(seed)), then `steps` calls of
 * trainStep(model, XOR_X, XOR_Y, lr), recording each returned loss.
 *
 *   trainXOR(1).losses -> 300 numbers falling from about 0.5 to below 0.01
 */
export function trainXOR(seed: number, steps = 300, lr = 0.2): { losses: number[]; model: MLP } {
  throw new Error(`TODO: step 6 — trainXOR(${seed}): a new MLP(2, [4, 1], makeRandom(${seed})) and ${steps} trainSteps with lr ${lr}`);
}
