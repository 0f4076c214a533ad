import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(new URL('./child-guard.mjs', import.meta.url));

export interface GuardedProcess {
  /** The server's own pid (not the guard's), for tests that crash it on purpose. */
  pid: number;
  /** Resolves with the guard's exit code once the server has exited, for whatever reason. */
  exited: Promise<number | null>;
  /** Asks the server to stop with its graceful signal and waits for it. Safe to call twice. */
  stop(): Promise<void>;
}

export interface GuardedProcessOptions {
  command: string;
  args: string[];
  /** The signal that makes this server shut down cleanly (redis-server: SIGTERM, postgres: SIGINT). */
  stopSignal: NodeJS.Signals;
  /** Text the server prints once it accepts connections. */
  readyWhen: string;
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * Starts a server behind `child-guard.mjs`: in its own process group (a Ctrl+C in the terminal
 * is for us to handle, not for the server to die of) and stopped by the guard as soon as this
 * process goes away, however it goes (SIGKILL included). Resolves once the server is ready.
 */
export async function startGuardedProcess(options: GuardedProcessOptions): Promise<GuardedProcess> {
  const guardOptions = JSON.stringify({
    stopSignal: options.stopSignal,
    uid: options.uid,
    gid: options.gid,
  });
  const guard = spawn(process.execPath, [GUARD, guardOptions, options.command, ...options.args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: options.env ?? process.env,
  });
  const exited = new Promise<number | null>((resolve) =>
    guard.once('exit', (code) => resolve(code)),
  );
  const log = options.log ?? (() => {});
  let output = '';
  let ready = false;
  const pid = new Promise<number>((resolve) =>
    guard.once('message', (message: { pid: number }) => resolve(message.pid)),
  );
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n')) if (line.trim()) log(line.trim());
      if (ready) return;
      output += text;
      if (output.includes(options.readyWhen)) {
        ready = true;
        output = '';
        resolve();
      }
    };
    // Keep reading after ready: a server blocks once a pipe nobody drains fills up.
    guard.stdout!.on('data', onData);
    guard.stderr!.on('data', onData);
    guard.once('error', reject);
    void exited.then((code) => {
      if (!ready)
        reject(
          new Error(`${options.command} exited with code ${code} before it was ready:\n${output}`),
        );
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    pid: await pid,
    exited,
    stop: () =>
      (stopping ??= (async () => {
        if (guard.connected) guard.disconnect();
        await exited;
      })()),
  };
}
