// `descent search SPEC.json --status`: where the spec's study stands (counts by state, the best trial,
// the trials running now and on which host), read from its storage without running a trial.
import { existsSync } from 'node:fs';
import type { SearchSpec } from '../../config/node/search-spec.js';
import { StudyError } from '../../search/search-error.js';
import { openStorage } from '../../search/node/storage/open-storage.js';
import { isPostgresUrl, redactUrl } from '../../search/node/storage/postgres-url.js';
import { studyStatus } from '../../search/study-status.js';
import { EXIT, type IO } from '../io.js';

/**
 * Prints the status of the study of `spec` in `location` (a study file or a postgresql:// URL).
 * @throws StudyError when there is no such file or study.
 * @example await printStudyStatus(spec, 'postgresql://me@db/studies', false, io); //=> 0
 */
export async function printStudyStatus(spec: SearchSpec, location: string, json: boolean, io: IO): Promise<number> {
  const where = redactUrl(location);
  // Opening a SQLite file creates it; a status question must not leave an empty study file behind.
  if (!isPostgresUrl(location) && !existsSync(location)) throw new StudyError(`no study file ${where} (has the search started?)`);
  const storage = openStorage(location);
  try {
    const s = await studyStatus(storage, spec.name, where);
    const best = s.best === null ? null : { trial: s.best.number, value: s.best.value, params: s.best.params };
    const running = s.running.map((t) => ({ trial: t.number, host: t.owner?.host ?? null, pid: t.owner?.pid ?? null, heartbeatAt: t.heartbeatAt }));
    if (json) {
      io.out(`${JSON.stringify({ study: s.study, storage: where, budget: spec.budget, trials: s.total, ...s.counts, best, running })}\n`);
      return EXIT.ok;
    }
    const { complete, pruned, failed } = s.counts;
    io.out(`Study ${s.study} in ${where}: ${complete + pruned} of ${spec.budget} finished (${complete} complete, ${pruned} pruned), ${failed} failed, ${running.length} running\n`);
    if (best !== null) io.out(`Best: trial ${best.trial}, ${spec.metric} ${best.value}: ${JSON.stringify(best.params)}\n`);
    for (const r of running) io.out(`Running: trial ${r.trial} on ${r.host ?? 'a detached client'}${r.pid === null ? '' : ` (pid ${r.pid})`}\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}
