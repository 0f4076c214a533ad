import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSse, type SseClient, type SseMessage } from '../support/sse.ts';
import { call, startStack, type Stack } from '../support/stack.ts';

const EVENTS = '/api/v1/moderation/events';

let stack: Stack;
let layla: string;
let omar: string;
const open: SseClient[] = [];

beforeAll(async () => {
  // The outbox relay polls every 50 ms here, so "within a second" measures the stream itself.
  stack = await startStack({
    policy: { bannedWords: [], suspectWords: ['liar'] },
    env: { OUTBOX_POLL_MS: '50' },
  });
  [layla, omar] = await Promise.all([stack.createModerator(), stack.createModerator()]);
});
afterAll(async () => {
  for (const client of open) client.close();
  await stack?.stop();
});

async function follow(
  baseUrl: string,
  token: string,
  lastEventId?: string,
): Promise<SseClient & { ready: SseMessage }> {
  const client = await openSse(`${baseUrl}${EVENTS}`, {
    token,
    ...(lastEventId && { lastEventId }),
  });
  open.push(client);
  expect(client.status).toBe(200);
  const ready = await client.next((m) => m.event === 'ready');
  return Object.assign(client, { ready });
}

async function postHeld(body = 'The minister is a liar, plainly.'): Promise<string> {
  const response = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name: 'Live reader' } },
  });
  expect(response.status).toBe(202);
  return response.body.id as string;
}

const about = (id: string, type: string) => (m: SseMessage) =>
  m.event === type && m.data?.targetId === id;

describe('the live moderation stream', () => {
  test('a moderator following the stream hears of a held comment within a second, and of a colleague approving it, by name', async () => {
    const feed = await follow(stack.baseUrl, layla);
    const id = await postHeld();

    const held = await feed.next(about(id, 'comment.held'), 15_000);
    // From the worker's commit to this console: the outbox relay and the stream together.
    const latencyMs = Date.now() - Date.parse(held.data.createdAt);
    expect(latencyMs).toBeLessThan(1_000);
    expect(held.data).toMatchObject({ actor: 'system', targetType: 'comment' });
    expect(held.id).toMatch(/^\d+-\d+$/);

    const approval = await call(
      stack.baseUrl,
      'POST',
      `${'/api/v1/moderation/comments/'}${id}/approve`,
      {
        token: omar,
        json: {},
      },
    );
    expect(approval.status).toBe(200);
    const omarId = approval.body.decision.decidedBy as string;
    const approved = await feed.next(about(id, 'comment.approved'));
    expect(approved.data.actor).toBe(omarId);
    expect(approved.data.data.moderatorName).toEqual(expect.any(String));
  });

  test('a moderator opening a card is announced to the others as comment.claimed, with who', async () => {
    const feed = await follow(stack.baseUrl, layla);
    const id = await postHeld('Another liar in the cabinet.');
    await feed.next(about(id, 'comment.held'), 15_000);
    const claim = await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/claim`, {
      token: omar,
      json: {},
    });
    expect(claim.status).toBe(200);
    const claimed = await feed.next(about(id, 'comment.claimed'));
    expect(claimed.data.data.claimedBy).toEqual(claim.body.claimedBy);
    // Ephemeral: nothing in Postgres.
    expect(await stack.db.moderationEvent.count({ where: { type: 'comment.claimed' } })).toBe(0);
  });

  test('a console that reconnects with Last-Event-ID gets exactly the events it missed, in order, then the live ones', async () => {
    const first = await follow(stack.baseUrl, layla);
    const resumeFrom = first.ready.id!;
    first.close();

    // While it is away: two comments held, one approved by a colleague, one claimed.
    const watcher = await follow(stack.baseUrl, omar);
    const a = await postHeld('Liar number one.');
    const b = await postHeld('Liar number two.');
    await watcher.next(about(a, 'comment.held'), 15_000);
    await watcher.next(about(b, 'comment.held'), 15_000);
    await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${a}/approve`, {
      token: omar,
      json: {},
    });
    await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${b}/claim`, {
      token: omar,
      json: {},
    });
    await watcher.next(about(a, 'comment.approved'));
    await watcher.next(about(b, 'comment.claimed'));
    const missed = watcher.messages.filter((m) => m.event !== 'ready');

    const back = await follow(stack.baseUrl, layla, resumeFrom);
    const replayed = back.messages.slice(0, back.messages.indexOf(back.ready));
    expect(replayed.map((m) => [m.id, m.event, m.data.targetId])).toEqual(
      missed.map((m) => [m.id, m.event, m.data.targetId]),
    );
    expect(back.ready.data.replayed).toBe(missed.length);

    // And it carries on live, without repeating anything.
    const c = await postHeld('Liar number three.');
    await back.next(about(c, 'comment.held'), 15_000);
    // (`ready` carries the position it resumed from: the last replayed id, or the one before.)
    const ids = back.messages.filter((m) => m.event !== 'ready').map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a Last-Event-ID older than what the stream keeps gets a reset, telling the console to reload', async () => {
    const client = await openSse(`${stack.baseUrl}${EVENTS}`, { token: layla, lastEventId: '1-0' });
    open.push(client);
    const reset = await client.next((m) => m.event === 'reset');
    expect(reset.id).toMatch(/^\d+-\d+$/);
    await client.next((m) => m.event === 'ready');
  });

  test('a moderator whose access is revoked is cut off the open stream at once, and cannot reconnect', async () => {
    const created = await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token: stack.adminToken,
      json: { name: 'Departing moderator', role: 'moderator' },
    });
    expect(created.status).toBe(201);
    const feed = await follow(stack.baseUrl, created.body.token);
    const revoked = await call(
      stack.baseUrl,
      'DELETE',
      `/api/v1/admin/moderators/${created.body.id}`,
      {
        token: stack.adminToken,
      },
    );
    expect(revoked.status).toBe(204);
    const last = await feed.next((m) => m.event === 'revoked');
    expect(last.data).toEqual({ moderatorId: created.body.id });
    await feed.ended;
    const again = await call(stack.baseUrl, 'GET', EVENTS, { token: created.body.token });
    expect(again.status).toBe(401);
  });

  test('without a moderator token, or with a Last-Event-ID the stream never sent, the answer is a problem, not a stream', async () => {
    for (const token of [undefined, 'forged-token-0123456789']) {
      const refused = await call(stack.baseUrl, 'GET', EVENTS, { ...(token && { token }) });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const malformed = await call(stack.baseUrl, 'GET', EVENTS, {
      token: layla,
      headers: { 'last-event-id': 'yesterday' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ title: 'Invalid Last-Event-ID', status: 400 });
  });

  test('two API processes both deliver the same event to their moderators', async () => {
    const other = (await stack.startApiReplica()).url;
    const [here, there] = await Promise.all([follow(stack.baseUrl, layla), follow(other, omar)]);
    const id = await postHeld('Two replicas, one liar.');
    const [a, b] = await Promise.all([
      here.next(about(id, 'comment.held'), 15_000),
      there.next(about(id, 'comment.held'), 15_000),
    ]);
    expect(a.id).toBe(b.id);
    expect(Math.abs(a.at - b.at)).toBeLessThan(1_000);
  });

  test('an API with many consoles connected stops promptly, ending their streams', async () => {
    const replica = await stack.startApiReplica();
    const consoles = await Promise.all(
      Array.from({ length: 20 }, () => follow(replica.url, layla)),
    );
    const started = performance.now();
    await replica.stop();
    const stopMs = performance.now() - started;
    await Promise.all(consoles.map((c) => c.ended));
    console.info(`API stop with 20 open event streams: ${stopMs.toFixed(0)} ms`);
    expect(stopMs).toBeLessThan(2_000);
  });
});
