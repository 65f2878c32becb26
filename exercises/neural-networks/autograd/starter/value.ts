// A tiny autograd engine in the style of micrograd: a Value wraps one number, remembers the Values it was
// computed from, and backward() applies the chain rule through that graph, from the output back to every input.
// This is all of backpropagation; PyTorch and TF.js do the same thing on whole tensors at a time.
// Deliberately left out: tensors, no_grad, and calling backward() twice on one graph (grads would add up).
//
//   const a = new Value(2), b = new Value(-3);
//   const y = a.mul(b).add(a.pow(2));   // y = a·b + a² = −6 + 4 = −2
//   y.backward();
//   a.grad -> b + 2a = 1,   b.grad -> a = 2
//
// The pattern of every operation (step 1 shows it for add):
//   1. compute the output's data from the inputs' data;
//   2. make the output a new Value whose children are the inputs;
//   3. give the output a backwardStep that ADDS (+=) out.grad × (local derivative) to each input's grad.

/** A number operand is wrapped as a constant Value: `a.add(1)` is `a.add(new Value(1))`. */
const wrap = (o: Value | number): Value => (o instanceof Value ? o : new Value(o));

export class Value {
  /** d(output)/d(this), filled in by backward(); 0 until then. */
  grad = 0;
  /** Adds this node's contribution to its children's grads, using this.grad (the chain rule, one step). */
  backwardStep: () => void = () => {};
  readonly children: Value[];

  constructor(
    public data: number,
    children: Value[] = [],
    /** The operation that made this node ('+', '*', 'tanh', ...), for printing graphs; '' for an input. */
    readonly op = '',
  ) {
    this.children = children;
  }

  // Step 1. Addition and multiplication: the two rules everything else reduces to.

  /**
   * this + o.   ∂/∂this = 1, ∂/∂o = 1.       new Value(2).add(3).data -> 5
   *
   *   const other = wrap(o);
   *   const out = new Value(this.data + other.data, [this, other], '+');
   *   out.backwardStep = () => { this.grad += out.grad; other.grad += out.grad; };
   *   return out;
   */
  add(o: Value | number): Value {
    const other = wrap(o);
    throw new Error(`TODO: step 1 — add: a Value for ${this.data} + ${other.data} whose backwardStep adds out.grad to both inputs' grads`);
  }

  /** this · o.   ∂/∂this = o, ∂/∂o = this.     new Value(2).mul(3).data -> 6 */
  mul(o: Value | number): Value {
    const other = wrap(o);
    throw new Error(`TODO: step 1 — mul: a Value for ${this.data} · ${other.data}; each input's grad gets the OTHER input's data × out.grad`);
  }

  // Step 2. The other operations: pow has its own rule; neg, sub and div are built from the ones above.

  /** this^k for a constant k.   ∂/∂this = k · this^(k−1).     new Value(3).pow(2).data -> 9 */
  pow(k: number): Value {
    throw new Error(`TODO: step 2 — pow: ${this.data}^${k}, with local derivative k · this^(k−1)`);
  }

  /** −this, as this · (−1). */
  neg(): Value {
    throw new Error(`TODO: step 2 — neg of ${this.data}: reuse mul`);
  }

  /** this − o, as this + (−o). */
  sub(o: Value | number): Value {
    throw new Error(`TODO: step 2 — sub: ${this.data} − ${wrap(o).data} as add and neg`);
  }

  /** this / o, as this · o^(−1). */
  div(o: Value | number): Value {
    throw new Error(`TODO: step 2 — div: ${this.data} / ${wrap(o).data} as mul and pow(-1)`);
  }

  // Step 3. Functions of one input: each is its value and its local derivative.

  /** e^this.   ∂/∂this = e^this (the output itself). */
  exp(): Value {
    throw new Error(`TODO: step 3 — exp of ${this.data}`);
  }

  /** ln(this), for this > 0.   ∂/∂this = 1 / this. */
  log(): Value {
    throw new Error(`TODO: step 3 — log of ${this.data}`);
  }

  /** tanh(this).   ∂/∂this = 1 − tanh². */
  tanh(): Value {
    throw new Error(`TODO: step 3 — tanh of ${this.data}`);
  }

  /** max(0, this).   ∂/∂this = 1 where the output is positive, else 0. */
  relu(): Value {
    throw new Error(`TODO: step 3 — relu of ${this.data}`);
  }

  // Step 4. backward(): order the graph so that every node comes after all of its children (a topological
  // order), set this node's grad to 1 (d this / d this), then run backwardStep from the last node to the first.
  // A node's grad is complete only once every node that uses it has run, which reverse topological order
  // guarantees. Graphs can be 1,000 nodes deep: a recursive sort works at that depth, an explicit stack at any.
  //
  //   a = Value(2); b = a.tanh(); c = b.mul(3); d = b.add(c)
  //   a topological order: [a, b, c, d]  ->  backwardStep on d, c, b, a (reversed)

  backward(): void {
    throw new Error('TODO: step 4 — backward: topological order, this.grad = 1, then backwardStep in reverse order');
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}
