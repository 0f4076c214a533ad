import { Worker } from 'node:worker_threads';
import type { LearnInput, LearnResult } from '@cm/moderation';

/**
 * Trains in a thread of its own, so the comments this worker process moderates meanwhile do not
 * wait for the seconds a run takes. `threadUrl` is the entry point (learn-thread.ts, or its
 * bundle learn-thread.js in production).
 */
export function learnInThread(threadUrl: URL, input: LearnInput): Promise<LearnResult> {
  // Node 20 runs a worker's entry before any --import hook, so a TypeScript entry is loaded by a
  // small script that registers tsx first (development and tests run from the repository root).
  const thread = threadUrl.pathname.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(threadUrl.href)}); });`,
        { eval: true, workerData: input },
      )
    : new Worker(threadUrl, { workerData: input });
  return new Promise<LearnResult>((resolve, reject) => {
    let result: LearnResult | undefined;
    thread.once('message', (message: LearnResult) => {
      result = message;
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the training thread exited with code ${code} before it answered`));
    });
  });
}
