// The training thread's entry point: one `learnFromVerdicts` run, off the worker's event loop.
// The parent (learn-in-thread.ts) passes the input as workerData and gets the result back as
// one message; both are plain data (typed arrays, dates), which structured cloning keeps.
import { parentPort, workerData } from 'node:worker_threads';
import { learnFromVerdicts, type LearnInput } from '@cm/moderation';

parentPort?.postMessage(learnFromVerdicts(workerData as LearnInput));
