// Runs the bot as a real `npm start` child process, the way an operator does.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './local-cluster.js';

export interface BotProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `npm start` (or `command`, e.g. the benchmarks' server) and waits until /healthz answers, or, for a process
 * without the web role, until `ready` says so.
 */
export async function startBotProcess(
  env: Record<string, string>,
  opts: { ready?: (output: string) => boolean; timeoutMs?: number; command?: [string, ...string[]] } = {},
): Promise<BotProcess> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const port = await freePort();
  const [program, ...args] = opts.command ?? ['npm', 'start', '--silent'];
  const child = spawn(program, args, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  /** Whether any process of the child's group (npm, the shell, node) is still running. */
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  // Signals the whole group and waits until every process in it has gone: npm can exit before the node process it
  // started has closed its database (and released the embedded database's folder).
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (groupAlive()) process.kill(-child.pid!, signal);
    await exited;
    for (let waited = 0; groupAlive() && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  };
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) break;
    try {
      if (opts.ready ? opts.ready(out) : (await fetch(`${url}/healthz`)).ok)
        return { url, child, output: () => out, kill };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await kill('SIGKILL');
  throw new Error(`bot did not start:\n${out.slice(-2000)}`);
}
