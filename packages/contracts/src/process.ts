import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { ConfigError, describeEnv } from './env.ts';

interface MinimalLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs `stop` on SIGTERM/SIGINT, then exits 0 (1 if stopping failed); a second signal exits at
 * once. Started by a parent with an IPC channel (`npm start`), it also stops when that channel
 * closes: the parent asked it to, or died (even by SIGKILL), so no child outlives `npm start`.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: MinimalLogger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals | 'parent gone') => {
    if (signalled) process.exit(1);
    signalled = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  if (process.connected) {
    process.on('disconnect', () => {
      // The Redis and Postgres the parent ran are likely going away at the same moment, so a
      // graceful stop may wait on connections that will not come back: give it 5 s, no more.
      setTimeout(() => process.exit(1), 5_000).unref();
      if (!signalled) onSignal('parent gone');
    });
  }
}

/**
 * Tells a parent that started this process with an IPC channel (`npm start`) that it is ready,
 * and where; does nothing otherwise.
 */
export function announceReady(details: Record<string, unknown> = {}): void {
  if (process.connected) process.send!({ ready: true, ...details });
}

/** With --help, prints the environment variables a process reads, and exits. */
export function helpOrContinue(title: string, schema: z.ZodObject): void {
  if (!process.argv.includes('--help')) return;
  console.log(`${title}\n\nConfigured by environment variables:\n${describeEnv(schema)}`);
  process.exit(0);
}

/** Loads configuration for a process entry point; a bad value prints its message (no stack) and exits 1. */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** True when the module at `moduleUrl` is the script node was started with. */
export const isEntryPoint = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
