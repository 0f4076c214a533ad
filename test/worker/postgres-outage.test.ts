import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@cm/worker';
import { parsePolicy } from '@cm/moderation';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

/** A TCP hop in front of Postgres that we can cut, as a network outage would. */
class Outage {
  private down = true;
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  port = 0;

  async start(target: { host: string; port: number }) {
    this.server = createServer((client) => {
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
  }

  heal() {
    this.down = false;
  }

  async stop() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let stack: Stack;
let worker: RunningWorker;
const outage = new Outage();
beforeAll(async () => {
  stack = await startStack({ worker: false });
  const db = new URL(stack.databaseUrl);
  await outage.start({ host: db.hostname, port: Number(db.port) });
  db.port = String(outage.port);
  // The worker reaches Postgres only through the hop, which starts cut.
  worker = await startWorker(
    loadWorkerConfig({
      DATABASE_URL: db.toString(),
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
    }),
    pino({ level: 'silent' }),
    { policy: parsePolicy({}) },
  );
});
afterAll(async () => {
  await worker?.stop();
  await outage.stop();
  await stack?.stop();
});

test('when the worker cannot reach Postgres, an accepted comment waits, is retried with backoff, and is stored once Postgres is back', async () => {
  const accepted = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body: 'تعليق ينتظر عودة قاعدة البيانات', author: { name: 'Patient' } },
  });
  expect(accepted.status).toBe(202);
  const queue = new Queue('comments', {
    connection: { url: stack.redisUrl },
    prefix: stack.prefix,
  });
  try {
    // Two failed attempts: the job is retried, not failed for good, and nothing is stored yet.
    const job = await eventually(
      async () => {
        const found = await queue.getJob(accepted.body.id);
        return found && found.attemptsMade >= 2 ? found : undefined;
      },
      20_000,
      'two failed attempts',
    );
    expect(await job.getState()).toMatch(/delayed|waiting|active/);
    expect(
      (await call(stack.baseUrl, 'GET', `/api/v1/comments/${accepted.body.id}/status`)).body.status,
    ).toBe('pending');
    expect(await stack.db.comment.count()).toBe(0);

    outage.heal();
    expect(await decided(stack, accepted.body.id, 30_000)).toBe('approved');
    expect(await stack.db.comment.count()).toBe(1);
    expect(await stack.db.decision.count({ where: { commentId: accepted.body.id } })).toBe(1);
    const done = await queue.getJob(accepted.body.id);
    expect(await done?.getState()).toBe('completed');
  } finally {
    await queue.close();
  }
});
