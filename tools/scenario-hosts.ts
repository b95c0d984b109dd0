// npm run scenario:hosts: a PostgreSQL study on four "machines" made of network namespaces (the
// server and three workers), with one worker's link cut mid-study, twice: once past the grace period
// (its trial is failed and retried by the others) and once restored within it (its buffered result
// is written). Prints each step and the final counts; exits 0 when the counts are exact, 1 otherwise
// (also when this machine cannot make namespaces or has no PostgreSQL). Needs root.
import { countProblems, runHostsScenario, type HostsScenarioOptions } from '../test/helpers/hosts-scenario.js';
import { netnsUnavailable } from '../test/helpers/netns.js';
import { postgresUnavailable } from '../test/helpers/postgres-cluster.js';

const TRIALS = 40;
const ENDINGS: readonly (readonly [HostsScenarioOptions['ending'], number])[] = [
  // A grace period the other workers wait out within the run.
  ['reaped', 3_000],
  // One that cannot pass during the run: the cut worker's result must be the one that counts.
  ['buffered', 600_000],
];

// Exit (not die) on Ctrl-C or SIGTERM, so that the scenario's exit hooks remove its namespaces,
// cluster and workers.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

const unavailable = postgresUnavailable() ?? netnsUnavailable();
if (unavailable !== null) {
  console.error(`scenario:hosts cannot run here: ${unavailable}`);
  process.exit(1);
}

let exact = true;
for (const [ending, graceMs] of ENDINGS) {
  console.log(`\n== link cut, ending "${ending}" ==`);
  const started = Date.now();
  const result = await runHostsScenario({ trials: TRIALS, ending, graceMs, log: (line) => console.log(`  ${line}`) });
  const byState = new Map<string, number>();
  for (const t of result.trials) byState.set(t.state, (byState.get(t.state) ?? 0) + 1);
  const perHost = new Map<string, number>();
  for (const t of result.trials.filter((t) => t.state === 'complete')) perHost.set(t.host, (perHost.get(t.host) ?? 0) + 1);
  console.log(`  trials stored: ${result.trials.length} (${[...byState].map(([s, n]) => `${n} ${s}`).join(', ')}), numbers ${result.trials[0]?.number}..${result.trials.at(-1)?.number}`);
  console.log(`  complete per host: ${[...perHost].map(([h, n]) => `${h} ${n}`).join(', ')}`);
  console.log(`  workers: ${result.workers.map((w) => `${w.host} exit ${w.code}`).join(', ')}`);
  const problems = countProblems(result, TRIALS, ending);
  console.log(problems.length === 0 ? `  exact (${((Date.now() - started) / 1000).toFixed(1)} s)` : problems.map((p) => `  WRONG: ${p}`).join('\n'));
  exact &&= problems.length === 0;
}
process.exit(exact ? 0 : 1);
