import { spawn, type ChildProcess } from 'node:child_process';
import { workerNodeArgs } from '../../bin/worker-command';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the worker has derived and taken its queues. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** `npm run worker` as a real process (see bin/worker-command.ts), as the supervisor starts it. */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, workerNodeArgs(), {
    env: {
      ...process.env,
      NO_COLOR: '1',
      PAVED_LOG_LEVEL: 'info',
      PAVED_JOB_HEARTBEAT_SECONDS: '10',
      PAVED_QUEUE_SUPERVISE_SECONDS: '1',
      PAVED_JOB_RETRY_DELAY_SECONDS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type?: string }) => m?.type === 'ready' && resolve());
    void exited.then(() => reject(new Error(`the worker exited before it was ready:\n${output.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => output };
}
