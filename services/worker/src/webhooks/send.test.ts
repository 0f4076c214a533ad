import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookTargetGuard } from '@cm/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendWebhook } from './send.ts';

// Delivery-time SSRF guard: a receiver on this machine that the guard must keep us from reaching,
// even when its name looks harmless (DNS may have changed since registration).
let server: Server;
let port: number;
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    req.resume();
    res.statusCode = req.url === '/slow' ? 200 : req.url === '/gone' ? 410 : 204;
    if (req.url === '/slow') setTimeout(() => res.end(), 2_000);
    else res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const strict = webhookTargetGuard({ allowPrivate: false, allowed: [] });
const open = webhookTargetGuard({ allowPrivate: true, allowed: [] });
const send = (url: string, guard = open, timeoutMs = 5_000) =>
  sendWebhook(url, { 'content-type': 'application/json' }, '{}', { timeoutMs, guard });

describe('delivery refuses internal targets even after registration', () => {
  test('a host name that resolves to loopback is refused before connecting', async () => {
    const before = hits;
    const outcome = await send(`http://localhost:${port}/hook`, strict);
    expect(outcome).toMatchObject({ ok: false, statusCode: null });
    expect(outcome.error).toMatch(/target refused: localhost resolves to .* loopback/);
    expect(hits).toBe(before);
  });

  test('an IP literal inside the network is refused before connecting', async () => {
    const before = hits;
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]']) {
      const outcome = await send(`http://${host}:${port}/hook`, strict);
      expect(outcome.error).toMatch(/target refused/);
    }
    expect(hits).toBe(before);
  });

  test('with the guard off (tests, trusted networks) the same receiver answers', async () => {
    expect(await send(`http://localhost:${port}/hook`)).toMatchObject({
      ok: true,
      statusCode: 204,
    });
  });
});

describe('what counts as delivered', () => {
  test('a non-2xx answer is a failed attempt with its status', async () => {
    expect(await send(`http://127.0.0.1:${port}/gone`)).toMatchObject({
      ok: false,
      statusCode: 410,
      error: 'HTTP 410',
    });
  });

  test('a receiver slower than the timeout is a failed attempt', async () => {
    const outcome = await send(`http://127.0.0.1:${port}/slow`, open, 300);
    expect(outcome).toMatchObject({ ok: false, error: 'no answer within 300 ms' });
    expect(outcome.durationMs).toBeLessThan(1_500);
  });
});
