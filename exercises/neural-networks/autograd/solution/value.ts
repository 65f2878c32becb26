// A tiny autograd engine in the style of micrograd: a Value wraps one number, remembers the Values it was
// computed from, and backward() applies the chain rule through that graph, from the output back to every input.
// This is all of backpropagation; PyTorch and TF.js do the same thing on whole tensors at a time.
// Deliberately left out: tensors, no_grad, and calling backward() twice on one graph (grads would add up).
//
//   const a = new Value(2), b = new Value(-3);
//   const y = a.mul(b).add(a.pow(2));   // y = a·b + a² = −6 + 4 = −2
//   y.backward();
//   a.grad -> b + 2a = 1,   b.grad -> a = 2

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

  /** this + o.   ∂/∂this = 1, ∂/∂o = 1.       new Value(2).add(3).data -> 5 */
  add(o: Value | number): Value {
    const other = wrap(o);
    const out = new Value(this.data + other.data, [this, other], '+');
    out.backwardStep = () => {
      this.grad += out.grad; // += not =: `a.add(a)` must give a.grad = 2
      other.grad += out.grad;
    };
    return out;
  }

  /** this · o.   ∂/∂this = o, ∂/∂o = this.     new Value(2).mul(3).data -> 6 */
  mul(o: Value | number): Value {
    const other = wrap(o);
    const out = new Value(this.data * other.data, [this, other], '*');
    out.backwardStep = () => {
      this.grad += other.data * out.grad;
      other.grad += this.data * out.grad;
    };
    return out;
  }

  // Step 2. The other operations: pow has its own rule; neg, sub and div are built from the ones above.

  /** this^k for a constant k.   ∂/∂this = k · this^(k−1).     new Value(3).pow(2).data -> 9 */
  pow(k: number): Value {
    const out = new Value(this.data ** k, [this], `^${k}`);
    out.backwardStep = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  /** −this, as this · (−1). */
  neg(): Value {
    return this.mul(-1);
  }

  /** this − o, as this + (−o). */
  sub(o: Value | number): Value {
    return this.add(wrap(o).neg());
  }

  /** this / o, as this · o^(−1). */
  div(o: Value | number): Value {
    return this.mul(wrap(o).pow(-1));
  }

  // Step 3. Functions of one input: each is its value and its local derivative.

  /** e^this.   ∂/∂this = e^this (the output itself). */
  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], 'exp');
    out.backwardStep = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  /** ln(this), for this > 0.   ∂/∂this = 1 / this. */
  log(): Value {
    const out = new Value(Math.log(this.data), [this], 'log');
    out.backwardStep = () => {
      this.grad += (1 / this.data) * out.grad;
    };
    return out;
  }

  /** tanh(this).   ∂/∂this = 1 − tanh². */
  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], 'tanh');
    out.backwardStep = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  /** max(0, this).   ∂/∂this = 1 where the output is positive, else 0. */
  relu(): Value {
    const out = new Value(this.data > 0 ? this.data : 0, [this], 'relu');
    out.backwardStep = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  // Step 4. backward(): order the graph so that every node comes after all of its children (a topological
  // order), set this node's grad to 1 (d this / d this), then run backwardStep from the last node to the first.
  // A node's grad is complete only once every node that uses it has run, which reverse topological order
  // guarantees. The sort uses an explicit stack, not recursion, so a graph 100,000 nodes deep is fine too.

  backward(): void {
    const order: Value[] = [];
    const visited = new Set<Value>();
    // Each stack entry is a node and how many of its children have been pushed so far.
    const stack: Array<[Value, number]> = [[this, 0]];
    visited.add(this);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next < node.children.length) {
        top[1]++;
        const child = node.children[next];
        if (!visited.has(child)) {
          visited.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(node); // all its children are already in `order`
      }
    }
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i].backwardStep();
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}
