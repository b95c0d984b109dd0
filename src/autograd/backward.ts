// Reverse-mode differentiation: an iterative topological sort from the output, then one backward
// call per node in reverse order; gradients of a node used several times are summed.
import { noGrad } from '../context.js';
import { DTypeError, InternalError, ShapeError } from '../errors.js';
import { full } from '../tensor/create.js';
import { gradBufferOf } from './leaf-grad.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Nodes reachable from `root` through gradFn inputs that require grad, inputs before users. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Explicit stack of (node, next input index): deep graphs must not overflow the JS call stack.
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, i] = top;
    const inputs = node.gradFn?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const child = inputs[i]!;
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** Adds `g` into a leaf's `.grad`, in place once the buffer exists (gradients accumulate). */
function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.grad === null) {
    // Own the buffer: g may be shared with other nodes (e.g. the seed gradient or an op's output).
    gradBufferOf(leaf).set(g.data);
  } else {
    leaf.backend.add(leaf.grad.data, leaf.shape, g.data, g.shape, leaf.grad.data, leaf.shape);
  }
}

/**
 * Fills `.grad` of every leaf that requires grad and that `root` depends on.
 * @param gradOut the gradient of some scalar with respect to `root`; required unless root is a scalar.
 * @throws ShapeError when root is not a scalar and no gradOut is given, or gradOut's shape differs.
 */
export function backward(root: Tensor, gradOut?: Tensor): void {
  if (!root.requiresGrad) {
    throw new ShapeError('backward: this tensor does not require grad (no input had requiresGrad, or it was made under noGrad)');
  }
  let seed = gradOut;
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new ShapeError(
        `backward: the output has shape ${formatShape(root.shape)}; a non-scalar needs an explicit gradient, backward(gradOut)`,
      );
    }
    seed = full(root.shape, 1, { dtype: root.dtype, backend: root.backend });
  } else if (!shapesEqual(seed.shape, root.shape)) {
    throw new ShapeError(`backward: gradOut has shape ${formatShape(seed.shape)}, the output ${formatShape(root.shape)}`);
  } else if (seed.dtype !== root.dtype) {
    throw new DTypeError(`backward: gradOut is ${seed.dtype}, the output ${root.dtype}; convert it with .to('${root.dtype}')`);
  }
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  noGrad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i]!;
      const g = grads.get(node);
      if (g === undefined) continue;
      grads.delete(node);
      if (node.gradFn === null) {
        accumulateLeaf(node, g);
        continue;
      }
      const inputGrads = node.gradFn.backward(g);
      node.gradFn.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (gi === null || gi === undefined || !input.requiresGrad) return;
        if (!shapesEqual(gi.shape, input.shape)) {
          throw new InternalError(
            `backward of ${node.gradFn!.name}: gradient shape ${formatShape(gi.shape)} != input shape ${formatShape(input.shape)}`,
          );
        }
        const prev = grads.get(input);
        if (prev === undefined) grads.set(input, gi);
        else {
          const sum = full(input.shape, 0, { dtype: input.dtype, backend: input.backend });
          input.backend.add(prev.data, prev.shape, gi.data, gi.shape, sum.data, sum.shape);
          grads.set(input, sum);
        }
      });
    }
  });
}
