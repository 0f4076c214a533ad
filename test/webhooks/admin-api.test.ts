import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, startStack, type Stack } from '../support/stack.ts';

/*
 * The admin API of webhooks with the SSRF guard on (the default): internal targets are refused,
 * the signing secret is shown once, and bad input gets a problem, never a half-written record.
 */

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  stack = await startStack({ worker: false });
  moderator = await stack.createModerator();
});
afterAll(() => stack?.stop());

const PUBLIC_URL = 'https://93.184.216.34/hooks/comments';
const admin = (method: string, path: string, json?: unknown) =>
  call(stack.baseUrl, method, `/api/v1/admin/webhooks${path}`, {
    token: stack.adminToken,
    ...(json !== undefined && { json }),
  });
const stored = () => stack.db.webhookEndpoint.count();

describe('SSRF: webhooks cannot be pointed inside the network', () => {
  test.each([
    ['loopback', 'http://127.0.0.1:6379/'],
    ['localhost (resolves to loopback)', 'http://localhost:5432/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['a private network', 'http://10.1.2.3/hook'],
    ['another private network', 'https://192.168.1.10/hook'],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['the unspecified address', 'http://0.0.0.0:3000/'],
    ['CGNAT space', 'http://100.64.0.1/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv6 unique local', 'http://[fd12:3456::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['a decimal spelling of 127.0.0.1', 'http://2130706433/'],
    ['multicast', 'http://224.0.0.1/'],
  ])('%s is refused at registration with a 400 naming the url', async (_what, url) => {
    const response = await admin('POST', '', { url, events: ['comment.approved'] });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      type: expect.stringContaining('webhook-target-refused'),
      errors: [{ path: 'url', message: expect.stringContaining('not allowed') }],
    });
    expect(await stored()).toBe(0);
  });

  test('a URL that is not http(s) is refused as invalid', async () => {
    for (const url of ['ftp://93.184.216.34/x', 'file:///etc/passwd', 'not a url']) {
      const response = await admin('POST', '', { url, events: ['comment.approved'] });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ path: 'url', message: expect.any(String) }]);
    }
    expect(await stored()).toBe(0);
  });

  test('moving an endpoint to an internal address is refused too', async () => {
    const created = await admin('POST', '', { url: PUBLIC_URL, events: ['comment.held'] });
    expect(created.status).toBe(201);
    const moved = await admin('PATCH', `/${created.body.id}`, { url: 'http://127.0.0.1:8080/' });
    expect(moved.status).toBe(400);
    expect((await admin('GET', `/${created.body.id}`)).body.url).toBe(PUBLIC_URL);
    await admin('DELETE', `/${created.body.id}`);
  });
});

describe('an admin manages webhook endpoints', () => {
  test('the secret is shown once at creation, never in reads, and rotating shows a new one once', async () => {
    const created = await admin('POST', '', {
      url: PUBLIC_URL,
      events: ['comment.approved', 'comment.rejected', 'comment.approved'],
      description: 'نظام التحرير',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.headers.get('location')).toBe(`/api/v1/admin/webhooks/${created.body.id}`);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      url: PUBLIC_URL,
      events: ['comment.approved', 'comment.rejected'],
      description: 'نظام التحرير',
      enabled: true,
      consecutiveFailures: 0,
      createdBy: 'admin',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const id = created.body.id as string;
    const one = await admin('GET', `/${id}`);
    const list = await admin('GET', '');
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty('secret');
    expect(list.body.items.find((w: { id: string }) => w.id === id)).not.toHaveProperty('secret');
    expect(JSON.stringify([one.body, list.body])).not.toContain(created.body.secret);

    const rotated = await admin('POST', `/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await admin('GET', `/${id}`)).body).not.toHaveProperty('secret');
    // The audit trail records the changes, never the secret.
    const events = await stack.db.moderationEvent.findMany({ where: { targetId: id } });
    expect(events.map((e) => e.type)).toEqual(['webhook.created', 'webhook.secret_rotated']);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('whsec_');
  });

  test('an admin changes events, disables and deletes an endpoint; the delivery log starts empty', async () => {
    const { body } = await admin('POST', '', { url: PUBLIC_URL, events: ['comment.held'] });
    const patched = await admin('PATCH', `/${body.id}`, {
      events: ['author.standing_changed', 'comment.reported'],
      enabled: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      events: ['author.standing_changed', 'comment.reported'],
      enabled: false,
      disabledReason: 'disabled by admin',
    });
    const log = await admin('GET', `/${body.id}/deliveries`);
    expect(log).toMatchObject({ status: 200, body: { items: [], nextBefore: null } });
    expect((await admin('DELETE', `/${body.id}`)).status).toBe(204);
    expect((await admin('GET', `/${body.id}`)).status).toBe(404);
    expect((await admin('DELETE', `/${body.id}`)).status).toBe(404);
  });
});

describe('bad input gets a problem, and nothing is stored', () => {
  test('invalid bodies name their fields', async () => {
    const cases: [unknown, string][] = [
      [{ events: ['comment.approved'] }, 'url'],
      [{ url: PUBLIC_URL }, 'events'],
      [{ url: PUBLIC_URL, events: [] }, 'events'],
      [{ url: PUBLIC_URL, events: ['comment.nope'] }, 'events.0'],
      [{ url: PUBLIC_URL, events: 'comment.approved' }, 'events'],
      [{ url: PUBLIC_URL, events: ['comment.held'], secret: 'mine' }, 'body'],
      [{ url: 'https://user:pw@93.184.216.34/', events: ['comment.held'] }, 'url'],
      [{ url: `https://93.184.216.34/${'a'.repeat(3000)}`, events: ['comment.held'] }, 'url'],
    ];
    const before = await stored();
    for (const [json, path] of cases) {
      const response = await admin('POST', '', json);
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await stored()).toBe(before);
    const empty = await admin('PATCH', '/00000000-0000-4000-8000-000000000000', {});
    expect(empty.status).toBe(400);
  });

  test('unknown ids are 404 problems; a non-JSON body is 415; tokens are checked', async () => {
    for (const path of ['/00000000-0000-4000-8000-000000000000', '/not-a-uuid']) {
      const response = await admin('GET', path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect((await admin('GET', `${path}/deliveries`)).status).toBe(404);
      expect((await admin('PATCH', path, { enabled: true })).status).toBe(404);
      expect((await admin('POST', `${path}/rotate-secret`)).status).toBe(404);
    }
    const text = await call(stack.baseUrl, 'POST', '/api/v1/admin/webhooks', {
      token: stack.adminToken,
      raw: 'url=https://93.184.216.34/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(text.status).toBe(415);
    const anonymous = await call(stack.baseUrl, 'GET', '/api/v1/admin/webhooks');
    expect(anonymous.status).toBe(401);
    const asModerator = await call(stack.baseUrl, 'GET', '/api/v1/admin/webhooks', {
      token: moderator,
    });
    expect(asModerator.status).toBe(403);
    const { body } = await admin('POST', '', { url: PUBLIC_URL, events: ['comment.held'] });
    for (const query of ['limit=0', 'limit=1000', 'before=abc', 'before=9999999999999999999'])
      expect((await admin('GET', `/${body.id}/deliveries?${query}`)).status).toBe(400);
  });
});
