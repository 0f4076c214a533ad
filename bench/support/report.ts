/** Turns the bench's measurements into the summaries of its JSON document. */
import type { LoadResult } from './load.ts';
import type { DrainResult, VisibilityResult } from './pipeline.ts';
import { median, ratio, round } from './stats.ts';

/** 1×: `npm start` alone; then a second worker process, or a second API process, next to it. */
export type SetUp = '1x' | '2-workers' | '2-apis';

export interface PipelineResult {
  apiProcesses: number;
  workers: number;
  drain: DrainResult;
  steady: VisibilityResult;
}

export interface Summary {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  rounds: LoadResult[];
}

/** The median of the rounds, and each round. */
export const summarize = (list: LoadResult[]): Summary => ({
  requestsPerSecond: round(median(list.map((r) => r.requestsPerSecond))),
  latencyP50Ms: median(list.map((r) => r.latencyP50Ms)),
  latencyP99Ms: median(list.map((r) => r.latencyP99Ms)),
  rounds: list.map((r) => ({ ...r, requestsPerSecond: round(r.requestsPerSecond) })),
});

export function ratios(throughput: Record<string, Summary>) {
  const rps = (name: string) => throughput[name]!.requestsPerSecond;
  return {
    servicePostToCeiling: ratio(rps('servicePost'), rps('ceilingPost')),
    serviceGetToCeiling: ratio(rps('serviceGet'), rps('ceilingGet')),
    servicePostToHelloWorld: ratio(rps('servicePost'), rps('helloWorld')),
    serviceGetToHelloWorld: ratio(rps('serviceGet'), rps('helloWorld')),
    ceilingPostToHelloWorld: ratio(rps('ceilingPost'), rps('helloWorld')),
    ceilingGetToHelloWorld: ratio(rps('ceilingGet'), rps('helloWorld')),
  };
}

/** Per set-up: the POST rate (from the interleaved rounds), the pipeline, and the ratios to 1×. */
export function scaleOut(
  throughput: Record<string, Summary>,
  pipeline: Partial<Record<SetUp, PipelineResult>>,
) {
  const post = (setUp: SetUp) =>
    throughput[setUp === '1x' ? 'servicePost' : `servicePost@${setUp}`]!;
  const base = pipeline['1x']!;
  return Object.fromEntries(
    (Object.keys(pipeline) as SetUp[]).map((setUp) => {
      const p = pipeline[setUp]!;
      const entry = {
        apiProcesses: p.apiProcesses,
        workers: p.workers,
        postRequestsPerSecond: post(setUp).requestsPerSecond,
        postLatencyP99Ms: post(setUp).latencyP99Ms,
        drainCommentsPerSecond: p.drain.commentsPerSecond,
        steadyKeptUp: p.steady.keptUp,
        steadyDecidedPerSecond: p.steady.decidedPerSecond,
        steadyVisibleP50Ms: p.steady.visibleMs.p50,
        steadyVisibleP99Ms: p.steady.visibleMs.p99,
      };
      if (setUp === '1x') return [setUp, entry];
      const ratioTo1x = {
        post: ratio(post(setUp).requestsPerSecond, post('1x').requestsPerSecond),
        drain: ratio(p.drain.commentsPerSecond, base.drain.commentsPerSecond),
      };
      return [setUp, { ...entry, ratioTo1x }];
    }),
  );
}
