import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { CommentQueue } from '@cm/queue';
import type { CircuitState } from './external-scorer.ts';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's Prometheus series (a registry of its own, so several workers can share a test
 * process). Queue depth and the oldest waiting comment's age are read from Redis at scrape time,
 * so every worker reports the same shared queue.
 */
export function createWorkerMetrics(
  queue: CommentQueue,
  options: { externalScorerState?: () => CircuitState | null } = {},
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({
    name: 'worker_jobs_total',
    help: 'Comment jobs handled by this worker, by outcome: stored, duplicate (redelivered, nothing written), retried (failed, will be tried again), failed (tries spent).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'worker_job_duration_seconds',
    help: 'Time to handle one comment job: history read, moderation, storage.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const engine = new Histogram({
    name: 'moderation_engine_duration_seconds',
    help: 'Time the moderation engine (rules and learned scorer) took for one comment.',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [registry],
  });
  const stalled = new Counter({
    name: 'worker_jobs_stalled_total',
    help: 'Comment jobs this worker found stalled (their worker stopped renewing the lock: killed, or its event loop blocked) and put back to be moderated again.',
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'moderation_decisions_total',
    help: "The system's decisions, by action (approve, hold, reject).",
    labelNames: ['action'] as const,
    registers: [registry],
  });
  const findings = new Counter({
    name: 'moderation_findings_total',
    help: 'Findings behind the decisions, by rule and by what the rule asked for.',
    labelNames: ['rule', 'action'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'comment_queue_jobs',
    help: 'Comment jobs in the shared queue, by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'comment_queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest comment still waiting for a worker (0 when none waits).',
    registers: [registry],
    async collect() {
      const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
      this.set(oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
    },
  });
  const externalScorer = new Histogram({
    name: 'external_scorer_duration_seconds',
    help: "Time the policy's external scorer took per comment, by outcome: answered, timeout, error, circuit-open (no call made).",
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.8, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'external_scorer_circuit_state',
    help: "This worker's circuit breaker in front of the external scorer: 1 for its current state (closed, open, half-open); all 0 while no policy names a scorer.",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = options.externalScorerState?.() ?? null;
      for (const state of ['closed', 'open', 'half-open'] as const)
        this.set({ state }, state === current ? 1 : 0);
    },
  });
  return { registry, jobs, stalled, duration, engine, decisions, findings, externalScorer };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** Serves GET /metrics on its own port; anything else is a 404. */
export async function serveMetrics(
  metrics: WorkerMetrics,
  host: string,
  port: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) =>
        res.writeHead(503, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as { port: number };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
