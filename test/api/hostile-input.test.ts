import { Queue } from 'bullmq';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawRequest, type RawRequest, type RawResponse } from '../support/raw-http.ts';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

/*
 * Hostile input against every route the running app serves (read from its router, so routes
 * added later are covered without editing this file): malformed percent-encoding, raw bytes,
 * odd methods, duplicated and nested query keys, forged and valid tokens, lying content types
 * and charsets, broken and oversized bodies. The API must answer every one with a status below
 * 500, every error as problem+json, stay up, and store nothing unless it accepted the request.
 */

let stack: Stack;
let queue: Queue;
let training: Queue;
let moderator: string;
let approvedId: string;
let pendingId: string;
let spareModeratorId: string;

beforeAll(async () => {
  stack = await startStack({
    policy: { suspectWords: ['كذاب'] },
    // Forged tokens are part of the input; the failed-auth throttle has its own test.
    env: { AUTH_FAILURES_PER_WINDOW: '1000000' },
  });
  moderator = await stack.createModerator('moderator');
  // A token the generated DELETE may legitimately revoke (never the one the test uses).
  spareModeratorId = (
    await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token: stack.adminToken,
      json: { name: 'Spare', role: 'moderator' },
    })
  ).body.id as string;
  const post = async (body: string) =>
    (
      await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
        json: { body, author: { name: 'Reader' } },
      })
    ).body.id as string;
  approvedId = await post('مقال مهم، شكراً');
  pendingId = await post('هذا الكاتب كذاب');
  expect(await decided(stack, approvedId)).toBe('approved');
  expect(await decided(stack, pendingId)).toBe('pending');
  // From here on nothing may be stored behind the test's back: accepted comments stay queued.
  queue = new Queue('comments', { connection: { url: stack.redisUrl }, prefix: stack.prefix });
  await queue.pause();
  // Nor trains a model: a generated POST …/models/train is accepted, and a training run in this
  // process would stall every request behind it for seconds.
  training = new Queue('training', { connection: { url: stack.redisUrl }, prefix: stack.prefix });
  await training.pause();
});
afterAll(async () => {
  await queue?.close();
  await training?.close();
  await stack?.stop();
});

interface Counts {
  comments: number;
  decisions: number;
  events: number;
  moderators: number;
  articles: number;
  jobs: number;
}

async function counts(): Promise<Counts> {
  const [rows] = await stack.db.$queryRaw<Omit<Counts, 'jobs'>[]>`
    SELECT (SELECT count(*) FROM comments)::int AS comments,
           (SELECT count(*) FROM decisions)::int AS decisions,
           (SELECT count(*) FROM moderation_events)::int AS events,
           (SELECT count(*) FROM moderators)::int AS moderators,
           (SELECT count(*) FROM articles)::int AS articles`;
  const jobs = Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0);
  return { ...rows!, jobs };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const seen = { statuses: new Map<number, number>(), acceptedWrites: 0, requests: 0 };

/** Sends one request and checks everything the API promises about hostile input. */
async function exchange(
  request: RawRequest,
  options: { counted?: boolean } = {},
): Promise<RawResponse> {
  const counted = options.counted ?? true;
  const before = counted ? await counts() : null;
  let response: RawResponse;
  try {
    response = await rawRequest(stack.baseUrl, request);
  } catch (error) {
    throw new Error(`${describeRequest(request)}: ${(error as Error).message}`);
  }
  const after = counted ? await counts() : null;
  const what = `${describeRequest(request)} → ${response.status} ${response.body.toString('utf8').slice(0, 300)}`;
  seen.requests += 1;
  seen.statuses.set(response.status, (seen.statuses.get(response.status) ?? 0) + 1);

  expect(response.status, what).toBeLessThan(500);
  // A browser navigating to a page may get an HTML error page; everyone else problem+json.
  const browser = (request.headers ?? []).some(
    ([name, value]) => /^accept$/i.test(name) && value.includes('text/html'),
  );
  const html = browser && /^text\/html/.test(response.headers['content-type'] ?? '');
  if (response.status >= 400 && !html) {
    expect(response.headers['content-type'], what).toMatch(/^application\/problem\+json/);
    if (request.method !== 'HEAD') {
      const problem = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
      expect(problem, what).toMatchObject({
        type: expect.any(String),
        title: expect.any(String),
        status: response.status,
        detail: expect.any(String),
      });
    }
  }
  const accepted = WRITES.has(request.method) && response.status >= 200 && response.status < 300;
  if (accepted) seen.acceptedWrites += 1;
  else if (counted)
    expect(after, `${what}: a refused or read-only request changed stored state`).toEqual(before);
  return response;
}

function describeRequest(request: RawRequest): string {
  const headers = (request.headers ?? [])
    .map(([name, value]) => `${name}: ${JSON.stringify(value.slice(0, 80))}`)
    .join('; ');
  const body = request.body
    ? ` body(${request.body.length}) ${JSON.stringify(request.body.toString('latin1').slice(0, 80))}`
    : '';
  return `${request.method} ${JSON.stringify(request.target.slice(0, 200))} [${headers}]${body}`;
}

// ---- what hostile input is made of ---------------------------------------------------------

/** Path segments that must never cause a 500: bad escapes, lone surrogates, NUL, traversal… */
const NASTY_SEGMENTS = [
  '%E0%A4%A', // a truncated UTF-8 escape (issue 9)
  '%',
  '%ZZ',
  '%00',
  '%ED%A0%80', // a lone surrogate, UTF-8 encoded
  '%C0%AF', // an overlong "/"
  '%FF%FE',
  '%F0%9F%98',
  '%u0041',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  'a%2Fb',
  '%0D%0ASet-Cookie:x=1',
  encodeURIComponent('تعليق'),
  Buffer.from('تعليق', 'utf8').toString('latin1'), // raw UTF-8 bytes in the request line
  '\u0000',
  '\u007f',
  '"<script>',
  'x'.repeat(3000),
  '__proto__',
  'constructor',
  '00000000-0000-4000-8000-000000000000',
  '',
];

/** Cursors that decode (base64url JSON of [createdAt, id]) but name nothing that can exist. */
const cursor = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
const CRAFTED_CURSORS = [
  cursor('2020-01-01T00:00:00Z', '-'.repeat(36)),
  cursor('2020-01-01T00:00:00Z', '0123456789abcdef-0123456789abcdef-12'),
  cursor('-271821-04-20T00:00:00Z', '00000000-0000-4000-8000-000000000000'),
  cursor('+275760-09-13T00:00:00Z', '00000000-0000-4000-8000-000000000000'),
  cursor('0000-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000000'),
  Buffer.from('["a","b","c"]').toString('base64url'),
  Buffer.from('{"createdAt":1}').toString('base64url'),
];

const validSegments = () => ['paris-raqqa', approvedId, pendingId];

/** Arbitrary bytes, every one percent-encoded: mostly invalid UTF-8 once decoded. */
const percentBytes = fc
  .uint8Array({ maxLength: 12 })
  .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
/** Arbitrary text percent-encoded as UTF-8 (lone surrogates become U+FFFD; NASTY_SEGMENTS has the raw ones). */
const percentText = fc
  .string({ unit: 'binary', maxLength: 12 })
  .map((text) =>
    [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  );
/** Raw bytes in the request line, except the ones that end it (space, CR, LF). */
const rawBytes = fc
  .uint8Array({ minLength: 1, maxLength: 8 })
  .map((bytes) =>
    Buffer.from(bytes.filter((b) => b !== 0x20 && b !== 0x0d && b !== 0x0a)).toString('latin1'),
  );

/** A path segment: known-bad, valid (so handlers run), or generated bytes. */
const segment = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_SEGMENTS) },
    { weight: 3, arbitrary: fc.constantFrom(...validSegments()) },
    { weight: 2, arbitrary: percentBytes },
    { weight: 2, arbitrary: percentText },
    { weight: 1, arbitrary: rawBytes },
  );

const queryKey = fc.constantFrom(
  'limit',
  'cursor',
  'sort',
  'status',
  'articleId',
  'limit[]',
  'a[b][c]',
  '__proto__',
  'constructor',
  '%',
  '',
);
const queryValue = () =>
  fc.oneof(
    fc.constantFrom(...CRAFTED_CURSORS),
    fc.constantFrom(
      '1',
      '0',
      '-1',
      '100',
      '101',
      '1e3',
      'NaN',
      'newest',
      'oldest',
      'pending',
      'rejected',
      'garbage',
      'eyJ4IjoxfQ',
      'x'.repeat(500),
      '',
    ),
    segment(),
  );
const query = () =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    {
      weight: 3,
      // Repeated keys arrive as arrays; nested-looking keys must not build objects.
      arbitrary: fc
        .array(fc.tuple(queryKey, queryValue()), { maxLength: 6 })
        .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : '')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?',
        '?&&&',
        '?=',
        '?%',
        '?limit',
        '?limit=1&limit=2',
        '?sort=newest&sort=oldest',
      ),
    },
  );

type Header = [string, string];
const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const authorization = fc.oneof(
  fc.constant<Header[]>([]),
  fc
    .constantFrom('admin', 'moderator')
    .map((who): Header[] => [
      ['Authorization', `Bearer ${who === 'admin' ? stack.adminToken : moderator}`],
    ]),
  fc
    .constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer forged-token-0123456789',
      'Basic YWRtaW46YWRtaW4=',
      'bearer  forged  extra',
      `Bearer ${'a'.repeat(4000)}`,
      `Bearer ${latin1('رمز')}`,
      'Bearer \u0000',
    )
    .map((value): Header[] => [['Authorization', value]]),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-16',
  'application/json; charset=bogus',
  'application/json; charset',
  'application/json;;;',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
  '*/*',
  '',
  latin1('application/جسون'),
];
const contentType = fc.option(
  fc.constantFrom(...CONTENT_TYPES).map((value): Header => ['Content-Type', value]),
  { nil: undefined },
);

const extraHeader = fc.constantFrom<Header[]>(
  [],
  [['Idempotency-Key', 'a-fine-key-123']],
  [['Idempotency-Key', 'x'.repeat(300)]],
  [['Idempotency-Key', '']],
  [['Idempotency-Key', 'has space']],
  [['Idempotency-Key', latin1('مفتاح')]],
  [
    ['Idempotency-Key', 'one'],
    ['Idempotency-Key', 'two'],
  ],
  [['X-Request-Id', latin1('طلب').repeat(50)]],
  [['If-None-Match', 'W/"garbage", *, "']],
  [['Content-Encoding', 'gzip']],
  [['Content-Encoding', 'br']],
  [['Content-Encoding', 'bogus']],
  [['X-Forwarded-For', '::1, not-an-ip, 999.1.1.1']],
  [['Accept', 'application/problem+json;q=abc']],
  [['Origin', 'null']],
  [['Accept', 'text/html,application/xhtml+xml,*/*;q=0.8']],
  [['Expect', '100-continue']],
  [['X-Huge', 'h'.repeat(20_000)]],
  [['Transfer-Encoding', 'chunked']],
  [['Last-Event-ID', '0-0']],
  [['Last-Event-ID', '99999999999999-0']],
  [['Last-Event-ID', 'garbage\u0000']],
  [['Last-Event-ID', '1-1-1']],
);

const jsonText = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Buffer | undefined>(undefined) },
  {
    weight: 3,
    // Bodies some route accepts, so writes really happen and are tracked.
    arbitrary: fc.constantFrom(
      jsonText({ body: 'تعليق مهذب', author: { name: 'قارئ' } }),
      jsonText({
        body: 'a reply',
        author: { name: 'R' },
        parentId: '00000000-0000-4000-8000-000000000000',
      }),
      jsonText({ name: 'New moderator', role: 'moderator' }),
      jsonText({ title: 'An article' }),
      jsonText({ reason: 'سبب' }),
      jsonText({}),
    ),
  },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }).map((text) => Buffer.from(text, 'utf8')) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      Buffer.from('{"body": "unfinished'),
      Buffer.from('{"body":"abc \\ud800 def","author":{"name":"x"}}'),
      Buffer.from('{"body":"nul \\u0000","author":{"name":"\\u0000"}}'),
      Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
      Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
      Buffer.from('\ufeff{"body":"bom","author":{"name":"x"}}', 'utf8'),
      Buffer.from('{"body":"utf16","author":{"name":"x"}}', 'utf16le'),
      Buffer.from('['.repeat(5000) + ']'.repeat(5000)),
      Buffer.from(`{"body":"${'ب'.repeat(40_000)}","author":{"name":"x"}}`),
      Buffer.from('1e999999'),
      Buffer.from('null'),
      Buffer.from('"just a string"'),
      Buffer.from(''),
      Buffer.from('body=hello&author=x'),
    ),
  },
);

interface Target {
  path: string;
  methods: string[];
}

interface Example {
  segments?: string[];
  query?: string;
  authorization?: Header[];
  body?: Buffer;
}

/**
 * A valid request for each route known today, keyed by "METHOD path"; the generator mutates
 * them. A route added later without an example is still fuzzed, with hostile parts only.
 */
const EXAMPLES = (): Record<string, Example> => {
  const admin: Header[] = [['Authorization', `Bearer ${stack.adminToken}`]];
  const mod: Header[] = [['Authorization', `Bearer ${moderator}`]];
  const browser: Header[] = [['Accept', 'text/html']];
  return {
    'GET /api/v1/articles': {},
    'GET /api/v1/articles/:articleId': { segments: ['paris-raqqa'] },
    'PUT /api/v1/articles/:articleId': {
      segments: ['fuzz-article'],
      authorization: admin,
      body: jsonText({ title: 'مقال', language: 'ar' }),
    },
    'POST /api/v1/articles/:articleId/comments': {
      segments: ['paris-raqqa'],
      body: jsonText({ body: 'تعليق مهذب', author: { name: 'قارئ' } }),
    },
    'GET /api/v1/articles/:articleId/comments': {
      segments: ['paris-raqqa'],
      query: '?limit=5&sort=oldest',
    },
    'GET /api/v1/comments/:id/status': { segments: [approvedId] },
    'GET /api/v1/moderation/comments': { query: '?status=pending', authorization: mod },
    'GET /api/v1/moderation/events': { authorization: mod },
    'POST /api/v1/moderation/comments/:id/approve': {
      segments: [pendingId],
      authorization: mod,
      body: jsonText({ reason: 'مقبول' }),
    },
    'POST /api/v1/moderation/comments/:id/reject': {
      segments: [pendingId],
      authorization: mod,
      body: jsonText({ reason: 'مرفوض' }),
    },
    'POST /api/v1/admin/moderators': {
      authorization: admin,
      body: jsonText({ name: 'مشرف', role: 'moderator' }),
    },
    'DELETE /api/v1/admin/moderators/:id': { segments: [spareModeratorId], authorization: admin },
    'GET /metrics': { authorization: admin },
    'GET /articles/:articleId': { segments: ['paris-raqqa'], authorization: browser },
  };
};

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'];

/** Every route, and every path-scoped middleware (with something after it), as a template. */
function targets(): Target[] {
  return stack.routes.map((route) => ({
    path: route.kind === 'route' ? route.path : `${route.path}/:rest`,
    methods: route.kind === 'route' ? route.methods : ['GET', 'POST'],
  }));
}

/** A body in chunked framing: one chunk, then the last. */
const chunk = (data: Buffer) =>
  Buffer.concat([
    Buffer.from(data.length ? `${data.length.toString(16)}\r\n` : ''),
    data,
    Buffer.from(data.length ? '\r\n0\r\n\r\n' : '0\r\n\r\n'),
  ]);

const fill = (template: string, segments: string[]) => {
  let i = 0;
  return template.replace(/[:*]\w+/g, () => segments[i++ % Math.max(1, segments.length)] ?? '');
};

// ---- the tests -----------------------------------------------------------------------------

describe('hostile input on every route gets a 4xx problem+json and stores nothing', () => {
  test('the route list covers the API, the pages and the static assets', () => {
    const paths = targets().map((t) => t.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/articles/:articleId/comments',
        '/api/v1/moderation/comments/:id/approve',
        '/api/v1/admin/moderators/:id',
        '/articles/:articleId',
        '/healthz',
      ]),
    );
  });

  test('percent-encoding that does not decode gets a 400 problem, not a 500 (issue 9)', async () => {
    const response = await exchange({
      method: 'GET',
      target: '/api/v1/articles/%E0%A4%A/comments',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({
      type: expect.stringMatching(/malformed-path$/),
      title: 'Malformed URL',
    });
  });

  test('a cursor that decodes but names an impossible position gets a 400 problem, on every paged route', async () => {
    const paged = ['/api/v1/articles/paris-raqqa/comments', '/api/v1/moderation/comments'];
    for (const path of paged)
      for (const crafted of CRAFTED_CURSORS) {
        const response = await exchange({
          method: 'GET',
          target: `${path}?cursor=${crafted}`,
          headers: [['Authorization', `Bearer ${moderator}`]],
        });
        expect(response.status, `${path} ${crafted}`).toBe(400);
      }
  });

  test('headers larger than the server accepts get a 431 problem, not a bare status line', async () => {
    const response = await exchange({
      method: 'GET',
      target: '/api/v1/articles',
      headers: [['X-Huge', 'h'.repeat(20_000)]],
    });
    expect(response.status).toBe(431);
  });

  test('each known-bad path segment, on every route and each of its methods, is refused cleanly', async () => {
    const requests = targets().flatMap((target) =>
      target.methods.flatMap((method) =>
        NASTY_SEGMENTS.map((nasty): RawRequest => ({
          method,
          target: fill(target.path, [nasty]),
          headers: [
            ['Authorization', `Bearer ${stack.adminToken}`],
            ['Content-Type', 'application/json'],
          ],
          // `{}`: valid JSON that no write route accepts today, so nothing may be stored.
          ...(WRITES.has(method) && { body: jsonText({}) }),
        })),
      ),
    );
    const before = await counts();
    const acceptedBefore = seen.acceptedWrites;
    // Several at a time (each on its own connection); the stored state is compared around all.
    const pending = [...requests];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let r = pending.shift(); r; r = pending.shift()) await exchange(r, { counted: false });
      }),
    );
    // `{}` is accepted by no write route today; should a later route accept it (a write that
    // needs no fields), the generated test below checks it request by request instead.
    if (seen.acceptedWrites === acceptedBefore) expect(await counts()).toEqual(before);
  });

  test('generated hostile requests on every route never get a 5xx, only problem+json errors, and store nothing unless accepted', async () => {
    // Each request starts from the route's valid example (when it has one) and swaps in
    // hostile parts, each with probability 1/3; routes without an example get hostile parts
    // throughout. So handlers run and accept writes too, not only the parsers' refusals.
    const hostile = () => fc.nat(2).map((n) => n === 0);
    const request = fc
      .constantFrom(...targets())
      .chain((target) => {
        const example = EXAMPLES()[`${target.methods[0]} ${target.path}`];
        const pick = <T>(valid: T | undefined, arbitrary: fc.Arbitrary<T>) =>
          valid === undefined
            ? arbitrary
            : fc.tuple(hostile(), arbitrary).map(([swap, value]) => (swap ? value : valid));
        return fc.record({
          target: fc.constant(target),
          method: fc.oneof(
            { weight: 6, arbitrary: fc.constantFrom(...target.methods) },
            { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
          ),
          segments: pick(example?.segments, fc.array(segment(), { minLength: 1, maxLength: 3 })),
          query: pick(example?.query ?? '', query()),
          authorization: pick(example?.authorization ?? [], authorization),
          contentType: pick(
            example?.body ? (['Content-Type', 'application/json'] as Header) : undefined,
            contentType,
          ),
          extra: pick<Header[]>([], extraHeader),
          body: pick(example?.body, body),
        });
      })
      .map((r): RawRequest => {
        const chunked = r.extra.some(([name]) => name === 'Transfer-Encoding');
        return {
          method: r.method,
          target: fill(r.target.path, r.segments) + r.query,
          headers: [...r.authorization, ...(r.contentType ? [r.contentType] : []), ...r.extra],
          ...(r.body !== undefined && { body: chunked ? chunk(r.body) : r.body }),
          ...(chunked && { body: chunk(r.body ?? Buffer.alloc(0)), contentLength: false }),
        };
      });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        await exchange(r);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), endOnFailure: true },
    );

    // The generator reaches the handlers, not only the parsers: some writes were accepted and
    // the usual refusals all occurred.
    expect(seen.acceptedWrites).toBeGreaterThan(0);
    for (const status of [400, 401, 404, 415])
      expect([...seen.statuses.keys()], `statuses seen: ${[...seen.statuses]}`).toContain(status);
  });

  test('after all that the service is still up and still serves readers', async () => {
    expect((await call(stack.baseUrl, 'GET', '/healthz')).status).toBe(200);
    const thread = await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments');
    expect(thread.status).toBe(200);
    expect(thread.body.items).toEqual(expect.any(Array));
    const posted = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
      json: { body: 'ما زال يعمل', author: { name: 'قارئ' } },
    });
    expect(posted.status).toBe(202);
  });
});
