import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Per-app registry (not prom-client's global one), so several apps can live in one process. */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const commentsAccepted = new Counter({
    name: 'comments_accepted_total',
    help: 'Comments accepted with 202 and queued for moderation.',
    registers: [registry],
  });
  const moderatorDecisions = new Counter({
    name: 'moderator_decisions_total',
    help: 'Decisions taken by moderators.',
    labelNames: ['action'] as const,
    registers: [registry],
  });
  const measure: RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      // The matched route pattern, never the raw path: ids would explode the label set.
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, commentsAccepted, moderatorDecisions, measure };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
