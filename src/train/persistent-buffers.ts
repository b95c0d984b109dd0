// What a training step's buffer pool must not take back at the end of a step.
import type { Module } from '../nn/module.js';

/**
 * The memory of a model's state that outlives a step: its parameters, their gradients (the first
 * step creates them) and its module buffers (batch-norm running statistics).
 * @example pool.endStep(persistentBuffers(model));
 */
export function persistentBuffers(model: Module): Set<ArrayBufferLike> {
  const keep = new Set<ArrayBufferLike>();
  for (const p of model.parameters()) {
    keep.add(p.data.buffer);
    if (p.grad !== null) keep.add(p.grad.data.buffer);
  }
  for (const [, b] of model.namedBuffers()) keep.add(b.data.buffer);
  return keep;
}
