import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';
import { closedPort, Receiver, type Received } from './receiver.ts';

/*
 * Outbound webhooks end to end: the real API registers endpoints, the real worker's outbox relay
 * turns committed decisions into signed deliveries, and local HTTP receivers verify them with
 * the Standard Webhooks reference library. Short backoff so retries happen within a test.
 */

let stack: Stack;
let moderator: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  stack = await startStack({
    policy: { bannedWords: ['spamword'], suspectWords: ['liar'] },
    env: {
      // The receivers run on 127.0.0.1; the SSRF guard's refusals have their own test file.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_BACKOFF_MAX_MS: '400',
      WEBHOOK_ATTEMPTS: '50',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_DISABLE_AFTER_FAILURES: '5',
      OUTBOX_POLL_MS: '50',
    },
  });
  moderator = await stack.createModerator();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await stack?.stop();
});

const admin = () => stack.adminToken;

async function receiver(port = 0): Promise<Receiver> {
  const r = await new Receiver().start(port);
  receivers.push(r);
  return r;
}

async function register(url: string, events: string[], receiverToUse?: Receiver) {
  const created = await call(stack.baseUrl, 'POST', '/api/v1/admin/webhooks', {
    token: admin(),
    json: { url, events, description: 'newsroom CMS' },
  });
  expect(created.status).toBe(201);
  receiverToUse?.useSecret(created.body.secret as string);
  return created.body as { id: string; secret: string };
}

async function post(body: string, name = 'Webhook reader'): Promise<string> {
  const accepted = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name, email: `${name.replaceAll(' ', '.')}@example.org` } },
  });
  expect(accepted.status).toBe(202);
  return accepted.body.id as string;
}

const deliveries = async (id: string) =>
  (
    await call(stack.baseUrl, 'GET', `/api/v1/admin/webhooks/${id}/deliveries?limit=100`, {
      token: admin(),
    })
  ).body.items as any[];

const forComment = (r: Receiver, commentId: string, type: string) =>
  r.received.filter((x) => x.verified?.data.commentId === commentId && x.verified.type === type);

describe('a newsroom system follows decisions through signed webhooks', () => {
  test('a receiver gets each subscribed event once, signed, with ids and reasons but never the e-mail', async () => {
    const r = await receiver();
    const endpoint = await register(
      r.url,
      [
        'comment.approved',
        'comment.held',
        'comment.rejected',
        'comment.reported',
        'author.standing_changed',
      ],
      r,
    );
    const clean = await post('A calm and considered comment about the article.');
    const held = await post('The minister is a liar, in my view.');
    const rejected = await post('buy spamword now');
    expect(await decided(stack, clean)).toBe('approved');
    expect(await decided(stack, held)).toBe('pending');
    expect(await decided(stack, rejected)).toBe('rejected');
    // A moderator approves the held one; a reader reports the clean one; the author is trusted.
    const approve = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${held}/approve`,
      { token: moderator, json: {} },
    );
    expect(approve.status).toBe(200);
    const report = await call(stack.baseUrl, 'POST', `/api/v1/comments/${clean}/reports`, {
      json: { reason: 'spam' },
      headers: { 'x-reader-id': 'reader-webhooks-1' },
    });
    expect(report.status).toBe(202);
    const key = (await stack.db.comment.findUniqueOrThrow({ where: { id: clean } })).authorKey;
    const standing = await call(
      stack.baseUrl,
      'PUT',
      `/api/v1/authors/${encodeURIComponent(key)}/standing`,
      { token: moderator, json: { standing: 'trusted', reason: 'long-standing reader' } },
    );
    expect(standing.status).toBe(200);

    await eventually(
      async () => (r.received.length >= 6 ? true : undefined),
      15_000,
      'six webhooks',
    );
    // Every request verifies with the reference library, and says who it is about.
    expect(r.received.map((x) => x.verifyError)).toEqual(r.received.map(() => null));
    expect(forComment(r, clean, 'comment.approved')).toHaveLength(1);
    expect(forComment(r, held, 'comment.held')).toHaveLength(1);
    expect(forComment(r, rejected, 'comment.rejected')).toHaveLength(1);
    expect(forComment(r, clean, 'comment.reported')).toHaveLength(1);

    expect(forComment(r, rejected, 'comment.rejected')[0]!.verified!.data).toMatchObject({
      commentId: rejected,
      articleId: 'paris-raqqa',
      status: 'rejected',
      action: 'reject',
      decidedBy: 'system',
      moderatorId: null,
      rules: expect.arrayContaining([expect.any(String)]),
    });
    const manual = r.received.filter(
      (x) => x.verified?.type === 'comment.approved' && x.verified.data.commentId === held,
    );
    expect(manual).toHaveLength(1);
    expect(manual[0]!.verified!.data).toMatchObject({
      status: 'approved',
      decidedBy: 'moderator',
      moderatorId: expect.any(String),
      previousStatus: 'pending',
    });
    expect(forComment(r, clean, 'comment.reported')[0]!.verified!.data).toMatchObject({
      articleId: 'paris-raqqa',
      reason: 'spam',
    });
    const standingHooks = r.received.filter((x) => x.verified?.type === 'author.standing_changed');
    expect(standingHooks).toHaveLength(1);
    expect(standingHooks[0]!.verified!.data).toMatchObject({
      authorId: key,
      oldStanding: 'normal',
      newStanding: 'trusted',
    });
    // Headers per the Standard Webhooks spec; the id is the event's and each one is distinct.
    const first = r.received[0]!;
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['webhook-id']).toMatch(/^\d+$/);
    expect(Math.abs(Number(first.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(
      60,
    );
    expect(first.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const ids = r.received.map((x) => x.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    // No e-mail anywhere in what left the building.
    expect(r.received.some((x) => x.body.includes('@example.org'))).toBe(false);

    // The delivery log shows each one delivered on its first try.
    const log = await eventually(async () => {
      const all = await deliveries(endpoint.id);
      return all.every((d) => d.status === 'delivered') ? all : undefined;
    });
    expect(log.length).toBe(r.received.length);
    for (const entry of log)
      expect(entry).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204 });
  });

  test('an admin tests an endpoint: a signed webhook.test reaches only that receiver and shows in its log', async () => {
    const r = await receiver();
    const other = await receiver();
    const endpoint = await register(r.url, ['comment.held'], r);
    await register(other.url, ['comment.held'], other);
    const ping = await call(stack.baseUrl, 'POST', `/api/v1/admin/webhooks/${endpoint.id}/test`, {
      token: admin(),
    });
    expect(ping).toMatchObject({ status: 202, body: { type: 'webhook.test' } });
    const got = await eventually(async () => r.received[0], 15_000, 'the test webhook');
    expect(got.verifyError).toBeNull();
    expect(got.headers['webhook-id']).toBe(ping.body.eventId);
    expect(got.verified).toMatchObject({
      type: 'webhook.test',
      data: { webhookId: endpoint.id, requestedBy: 'admin' },
    });
    const [entry] = await eventually(async () => {
      const log = await deliveries(endpoint.id);
      return log[0]?.status === 'delivered' ? log : undefined;
    });
    expect(entry).toMatchObject({ eventType: 'webhook.test', eventId: ping.body.eventId });
    expect(other.received).toHaveLength(0);
    const unknown = await call(
      stack.baseUrl,
      'POST',
      '/api/v1/admin/webhooks/00000000-0000-4000-8000-000000000000/test',
      { token: admin() },
    );
    expect(unknown.status).toBe(404);
  });

  test('an endpoint only hears the events it subscribed to', async () => {
    const r = await receiver();
    await register(r.url, ['comment.rejected'], r);
    const clean = await post('Another calm comment for the subscription test.');
    const rejected = await post('spamword spamword');
    await decided(stack, clean);
    await decided(stack, rejected);
    await eventually(async () => (r.received.length >= 1 ? true : undefined), 15_000, 'a webhook');
    // Give the approved one every chance to (wrongly) arrive: wait for the relay to pass it.
    await eventually(
      async () =>
        (await stack.db.moderationEvent.count({
          where: { targetId: clean, publishedAt: null },
        })) === 0
          ? true
          : undefined,
      15_000,
      'the approval to be relayed',
    );
    expect(r.received.map((x) => x.verified?.type)).toEqual(['comment.rejected']);
    expect(r.received[0]!.verified!.data.commentId).toBe(rejected);
  });

  test('events published twice by the outbox (a relay died before marking them) are delivered once', async () => {
    const r = await receiver();
    const endpoint = await register(r.url, ['comment.approved'], r);
    const id = await post('A comment whose event the relay will publish twice.');
    expect(await decided(stack, id)).toBe('approved');
    await eventually(async () => (r.received.length === 1 ? true : undefined), 15_000, 'a webhook');
    // As if the relay had crashed after publishing but before its commit: the event is unpublished.
    const event = await stack.db.moderationEvent.findFirstOrThrow({
      where: { targetId: id, type: 'comment.approved' },
    });
    await stack.db.moderationEvent.update({ where: { id: event.id }, data: { publishedAt: null } });
    await eventually(
      async () =>
        (await stack.db.moderationEvent.findUniqueOrThrow({ where: { id: event.id } })).publishedAt
          ? true
          : undefined,
      15_000,
      'the event to be published again',
    );
    // One more event through the same endpoint proves the queue has moved past the repeat.
    const next = await post('A later comment for the same endpoint.');
    await decided(stack, next);
    await eventually(
      async () => (r.received.length >= 2 ? true : undefined),
      15_000,
      'the next one',
    );
    expect(r.received.map((x) => x.verified?.data.commentId)).toEqual([id, next]);
    expect(await deliveries(endpoint.id)).toHaveLength(2);
  });

  test('a receiver that is down gets the event once it comes back, and the log shows the failed tries', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/hooks`;
    const pending = new Receiver();
    const endpoint = await register(url, ['comment.approved'], pending);
    const id = await post('Posted while the newsroom receiver is down.');
    expect(await decided(stack, id)).toBe('approved');
    // It fails twice (connection refused), then the receiver comes up on the same port.
    await eventually(
      async () => ((await deliveries(endpoint.id))[0]?.attempts >= 2 ? true : undefined),
      15_000,
      'two failed tries',
    );
    await pending.start(port);
    receivers.push(pending);
    const got: Received = await eventually(
      async () => pending.received[0],
      15_000,
      'the webhook after the receiver came back',
    );
    expect(got.verifyError).toBeNull();
    expect(got.verified).toMatchObject({ type: 'comment.approved', data: { commentId: id } });
    const [entry] = await eventually(async () => {
      const log = await deliveries(endpoint.id);
      return log[0]?.status === 'delivered' ? log : undefined;
    });
    expect(entry.attempts).toBeGreaterThanOrEqual(3);
    expect(entry.attemptLog[entry.attemptLog.length - 1]).toMatchObject({
      attempt: 1,
      statusCode: null,
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(entry.attemptLog[0]).toMatchObject({ statusCode: 204, error: null });
    // Delivered once: the retries stop at the first 2xx.
    expect(pending.received).toHaveLength(1);
    const after = await call(stack.baseUrl, 'GET', `/api/v1/admin/webhooks/${endpoint.id}`, {
      token: admin(),
    });
    expect(after.body).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  test('an endpoint failing 5 times in a row is disabled with a reason, an event records it, and re-enabling resets it', async () => {
    const r = await receiver();
    r.status = () => 503;
    const endpoint = await register(r.url, ['comment.approved'], r);
    const id = await post('This one meets a broken receiver.');
    expect(await decided(stack, id)).toBe('approved');
    const disabled = await eventually(async () => {
      const got = await call(stack.baseUrl, 'GET', `/api/v1/admin/webhooks/${endpoint.id}`, {
        token: admin(),
      });
      return got.body.enabled === false ? got.body : undefined;
    });
    expect(disabled).toMatchObject({
      consecutiveFailures: 5,
      disabledReason: expect.stringContaining('5 failed attempts in a row'),
      disabledAt: expect.any(String),
    });
    expect(r.received).toHaveLength(5);
    const [entry] = await deliveries(endpoint.id);
    expect(entry).toMatchObject({ status: 'failed', attempts: 5, lastStatusCode: 503 });
    expect(entry.attemptLog.map((a: { attempt: number }) => a.attempt)).toEqual([5, 4, 3, 2, 1]);
    const events = await stack.db.moderationEvent.findMany({
      where: { type: 'webhook.disabled', targetId: endpoint.id },
    });
    expect(events).toHaveLength(1);

    // Disabled: the next event is not sent at all.
    const later = await post('Posted while the endpoint is disabled.');
    await decided(stack, later);
    await eventually(
      async () =>
        (await stack.db.moderationEvent.count({
          where: { targetId: later, publishedAt: null },
        })) === 0
          ? true
          : undefined,
      15_000,
      'the event to pass the relay while the endpoint is disabled',
    );
    // Re-enabled with a working receiver: the failure count starts again and events flow.
    r.status = () => 200;
    const enabled = await call(stack.baseUrl, 'PATCH', `/api/v1/admin/webhooks/${endpoint.id}`, {
      token: admin(),
      json: { enabled: true },
    });
    expect(enabled.body).toMatchObject({
      enabled: true,
      consecutiveFailures: 0,
      disabledReason: null,
    });
    const third = await post('Posted after the endpoint was re-enabled.');
    await decided(stack, third);
    await eventually(async () =>
      r.received.some((x) => x.verified?.data.commentId === third) ? true : undefined,
    );
    expect(r.received.some((x) => x.verified?.data.commentId === later)).toBe(false);
  });
});
