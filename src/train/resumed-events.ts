// How readers treat a resumed run's log. metrics.jsonl is only ever appended to, so after a crash
// and `--resume` it may hold records of epochs past the checkpoint that the resumed run trains
// again. The rule: a `start` event with `resumedFromEpoch: k` supersedes every earlier record after
// epoch k (epoch and warning events with epoch > k, iteration events past epoch k's last step, end events).
import type { RunEvent } from './run-log.js';

/**
 * The events of a run log as the run actually went: records superseded by a resume are dropped,
 * everything else is kept in order (start events included, so a reader can mark the resume).
 * @example
 * resumedEvents([start, it1, ep1, it2, ep2, it3, { type: 'start', resumedFromEpoch: 1, ... }, it2b]);
 * //=> [start, it1, ep1, resumedStart, it2b]
 */
export function resumedEvents(events: readonly RunEvent[]): RunEvent[] {
  let kept: RunEvent[] = [];
  for (const e of events) {
    if (e.type === 'start' && e.resumedFromEpoch !== undefined) {
      const k = e.resumedFromEpoch;
      let lastStep = 0;
      for (const p of kept) if (p.type === 'epoch' && p.epoch === k) lastStep = p.step;
      kept = kept.filter(
        (p) =>
          !(p.type === 'end' || ((p.type === 'epoch' || p.type === 'warning') && p.epoch > k) || (p.type === 'iteration' && p.step > lastStep)),
      );
    }
    kept.push(e);
  }
  return kept;
}
