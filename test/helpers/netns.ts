// Machines for tests, made of Linux network namespaces: one server namespace and one namespace per
// worker, each worker joined to the server by its own veth pair with point-to-point /30 addresses
// (10.231.k.1 on the server's side, 10.231.k.2 on the worker's), so that a worker reaches the server
// only over its own link and cutting that link isolates it alone. Needs root (`ip netns add`).
import { spawnSync } from 'node:child_process';

/** One worker machine: its namespace, the host name its processes see, and its link to the server. */
export interface WorkerHost {
  readonly namespace: string;
  readonly hostname: string;
  /** The server's address on this worker's link. */
  readonly serverAddress: string;
  /** The link's end in the server namespace (the one cut() takes down). */
  readonly serverLink: string;
}

/** The server namespace and the workers joined to it; remove() deletes them all. */
export interface HostNetwork {
  readonly server: string;
  readonly workers: readonly WorkerHost[];
  /** The client networks of the workers, for the server's access rules. */
  readonly workerNetworks: readonly string[];
  /** Takes worker k's link down at the server's end: the worker's packets are dropped, silently. */
  cut(k: number): void;
  /** Brings worker k's link up again. */
  restore(k: number): void;
  remove(): void;
}

function ip(args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error !== undefined) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, output: missing ? 'the ip command (iproute2) is not installed' : `ip: ${result.error.message}` };
  }
  return { ok: result.status === 0, output: `${result.stderr}${result.stdout}`.trim() };
}

function mustIp(...args: string[]): void {
  const { ok, output } = ip(args);
  if (!ok) throw new Error(`ip ${args.join(' ')} failed: ${output}`);
}

let probes = 0;

/**
 * Why network namespaces cannot be made here (not root, no iproute2, a container that forbids
 * them), or null when they can: found by making one with a unique name and deleting it again.
 * @example netnsUnavailable(); //=> null as root on Linux with iproute2
 */
export function netnsUnavailable(): string | null {
  const name = `dprobe-${process.pid}-${++probes}`;
  const made = ip(['netns', 'add', name]);
  if (!made.ok) return `network namespaces are not available here (ip netns add failed: ${made.output || 'no message'})`;
  ip(['netns', 'delete', name]);
  return null;
}

/** Networks not yet removed, deleted when the process exits, whatever ended it. */
const live = new Set<HostNetwork>();
process.once('exit', () => {
  for (const network of live) network.remove();
});

let networks = 0;

/**
 * Makes the server namespace and `count` worker namespaces (names carry this pid, so runs never meet).
 * @throws Error naming the ip command that failed (anything made before it is deleted).
 * @example const net = createHostNetwork(3); net.cut(0); net.restore(0); net.remove();
 */
export function createHostNetwork(count: number): HostNetwork {
  const tag = `${process.pid}-${++networks}`;
  const server = `dsrv-${tag}`;
  const workers: WorkerHost[] = [];
  const namespaces = [server];
  const remove = (): void => {
    // Deleting a namespace deletes the veth ends in it, and so their peers.
    for (const ns of namespaces) ip(['netns', 'delete', ns]);
    live.delete(network);
  };
  const link = (k: number, state: 'up' | 'down'): void => {
    const worker = workers[k];
    if (worker === undefined) throw new Error(`no worker ${k} (there are ${workers.length})`);
    mustIp('-n', server, 'link', 'set', worker.serverLink, state);
  };
  const network: HostNetwork = {
    server,
    workers,
    workerNetworks: Array.from({ length: count }, (_, k) => `10.231.${k + 1}.0/30`),
    cut: (k) => link(k, 'down'),
    restore: (k) => link(k, 'up'),
    remove,
  };
  live.add(network);
  try {
    mustIp('netns', 'add', server);
    mustIp('-n', server, 'link', 'set', 'lo', 'up');
    for (let k = 1; k <= count; k++) {
      const namespace = `dw${k}-${tag}`;
      // Interface names have at most 15 characters: vs1-4194304-1 is 13.
      const serverLink = `vs${k}-${tag}`;
      const workerLink = `vw${k}-${tag}`;
      mustIp('netns', 'add', namespace);
      namespaces.push(namespace);
      mustIp('-n', namespace, 'link', 'set', 'lo', 'up');
      mustIp('-n', server, 'link', 'add', serverLink, 'type', 'veth', 'peer', 'name', workerLink, 'netns', namespace);
      mustIp('-n', server, 'addr', 'add', `10.231.${k}.1/30`, 'dev', serverLink);
      mustIp('-n', namespace, 'addr', 'add', `10.231.${k}.2/30`, 'dev', workerLink);
      mustIp('-n', server, 'link', 'set', serverLink, 'up');
      mustIp('-n', namespace, 'link', 'set', workerLink, 'up');
      workers.push({ namespace, hostname: namespace, serverAddress: `10.231.${k}.1`, serverLink });
    }
  } catch (error) {
    remove();
    throw error;
  }
  return network;
}

/**
 * The command line that runs `argv` on worker host `host`: inside its network namespace and, so
 * that the study sees another machine, in a UTS namespace of its own named `host.hostname`.
 * Each step execs the next, so the spawned process's pid is the program's own.
 * @example spawn(...onHost(net.workers[0], [process.execPath, 'worker.js']));
 */
export function onHost(host: WorkerHost, argv: readonly string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', host.namespace, 'unshare', '--uts', '--', 'sh', '-c', 'hostname "$0" && exec "$@"', host.hostname, ...argv]];
}
