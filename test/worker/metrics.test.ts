import { loadWorkerConfig, startWorker, type RunningWorker } from '@cm/worker';
import { parsePolicy } from '@cm/moderation';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let worker: RunningWorker;
beforeAll(async () => {
  stack = await startStack({ worker: false });
  worker = await startWorker(
    loadWorkerConfig({
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
      WORKER_METRICS_PORT: '0',
    }),
    pino({ level: 'silent' }),
    { policy: parsePolicy({ bannedWords: ['idiot'], suspectWords: ['liar'] }), model: null },
  );
});
afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
});

/** The value of one series in the exposition text (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('the worker serves its own Prometheus metrics: jobs, decisions by action and rule, queue depth and age', async () => {
  expect(worker.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const post = async (body: string) => {
    const response = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
      json: { body, author: { name: 'Metric reader' } },
    });
    expect(response.status).toBe(202);
    return response.body.id as string;
  };
  const ids = [
    await post('A calm and considered comment.'),
    await post('You are an idiot.'),
    await post('The minister is a liar, in my view.'),
  ];
  for (const id of ids) await decided(stack, id);

  const response = await fetch(worker.metricsUrl!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  expect(sample(text, 'worker_jobs_total{outcome="stored"}')).toBe(3);
  expect(sample(text, 'moderation_decisions_total{action="approve"}')).toBe(1);
  expect(sample(text, 'moderation_decisions_total{action="reject"}')).toBe(1);
  expect(sample(text, 'moderation_decisions_total{action="hold"}')).toBe(1);
  expect(sample(text, 'moderation_findings_total{rule="banned-words",action="reject"}')).toBe(1);
  expect(sample(text, 'moderation_findings_total{rule="suspect-words",action="hold"}')).toBe(1);
  expect(sample(text, 'worker_job_duration_seconds_count')).toBe(3);
  expect(sample(text, 'moderation_engine_duration_seconds_count')).toBe(3);
  expect(sample(text, 'comment_queue_jobs{state="waiting"}')).toBe(0);
  expect(sample(text, 'comment_queue_jobs{state="failed"}')).toBe(0);
  expect(sample(text, 'comment_queue_oldest_waiting_age_seconds')).toBe(0);
  expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);

  const elsewhere = await fetch(worker.metricsUrl!.replace('/metrics', '/admin'));
  expect(elsewhere.status).toBe(404);
});
