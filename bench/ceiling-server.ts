/**
 * "The ceiling" for `npm run bench`: the v1 comment contract — `POST
 * /api/v1/articles/:articleId/comments` → 202 and `GET /api/v1/articles/:articleId/comments` —
 * answered from memory on bare Express 5, in its own process, with no I/O at all.
 *
 * Same validation (the zod request schemas of packages/contracts, built on `humanText`), same
 * problem+json errors, same JSON and the same headers that matter (Content-Type, ETag,
 * Cache-Control, Location, CORS), so the service's numbers divided by these say how much of the
 * machine the service leaves on the table. Not here on purpose: helmet's headers, request ids,
 * request logging and metrics, which are the service's own costs.
 *
 * The bench hands it the service's articles and approved comments in a JSON file
 * (CEILING_SEED), read once at start-up. Accepted comments go to an in-memory queue that nothing
 * consumes (bounded: the newest 100,000 are kept); rate limits and idempotency keys live in Maps.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import {
  ArticleNotFound,
  articleIdSchema,
  CommentsClosed,
  DomainError,
  IdempotencyKeyReused,
  idempotencyKeySchema,
  InvalidCursor,
  ParentNotFound,
  postCommentBodySchema,
  RateLimited,
  threadQuerySchema,
  type CommentJob,
} from '@cm/contracts';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { z } from 'zod';
import { CeilingStore, type CeilingSeed } from './support/ceiling-store.ts';

const JSON_BODY_LIMIT = '64kb'; // services/api/src/limits.ts
const TYPE_BASE = 'tag:comment-moderation,2026:problem/';
const THREAD_CACHE = {
  'Cache-Control': 'public, max-age=0, must-revalidate, s-maxage=5',
  'CDN-Cache-Control': 'public, max-age=5, stale-while-revalidate=30',
  'Surrogate-Control': 'max-age=5, stale-while-revalidate=30',
};
const QUEUE_BOUND = 100_000;
const RATE_LIMIT_PER_MINUTE = Number(process.env.RATE_LIMIT_PER_MINUTE ?? 10);

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extras: {
      errors?: { path: string; message: string }[];
      headers?: Record<string, string>;
      [key: string]: unknown;
    } = {},
  ) {
    super(detail);
  }
}

/** The service's problem for each domain error these two routes can raise (services/api/src/http/error-map.ts). */
function domainProblem(error: DomainError): Problem | null {
  if (error instanceof ArticleNotFound)
    return new Problem(404, 'not-found', 'Not Found', error.message);
  if (error instanceof ParentNotFound) {
    return new Problem(404, 'parent-not-found', 'Not Found', error.message, {
      errors: [{ path: 'parentId', message: 'no such published comment on this article' }],
    });
  }
  if (error instanceof CommentsClosed)
    return new Problem(409, 'comments-closed', 'Comments closed', error.message);
  if (error instanceof IdempotencyKeyReused)
    return new Problem(422, 'idempotency-key-reused', 'Idempotency-Key reused', error.message);
  if (error instanceof RateLimited) {
    const seconds = error.retryAfterSeconds;
    return new Problem(429, 'rate-limited', 'Too Many Requests', error.message, {
      headers: { 'Retry-After': String(seconds) },
      retryAfterSeconds: seconds,
    });
  }
  if (error instanceof InvalidCursor)
    return new Problem(400, 'validation', 'Invalid request', error.message, {
      errors: [{ path: 'cursor', message: error.message }],
    });
  return null;
}

function parseOr400<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'header',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : where,
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : issue.message,
  }));
  const fields = [...new Set(errors.map((e) => e.path))].join(', ');
  throw new Problem(
    400,
    'validation',
    'Invalid request',
    `The request ${where} is invalid: ${fields}.`,
    { errors },
  );
}

const articleIdOf = (raw: unknown) => {
  const parsed = articleIdSchema.safeParse(raw);
  if (!parsed.success) throw new ArticleNotFound(String(raw));
  return parsed.data;
};

/** Comments per minute per key, in fixed windows (rate-limiter-flexible's semantics, in a Map). */
class FixedWindowLimiter {
  private readonly windows = new Map<string, { resetAt: number; used: number }>();
  constructor(private readonly points: number) {
    setInterval(() => {
      const now = Date.now();
      for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    }, 60_000).unref();
  }
  /** Spends a point; returns the milliseconds to wait when over the limit, else 0. */
  consume(key: string, now: number): number {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now)
      this.windows.set(key, (window = { resetAt: now + 60_000, used: 0 }));
    window.used++;
    return window.used > this.points ? window.resetAt - now : 0;
  }
}

const authorKeyOf = (author: { name: string; email?: string | undefined }) => {
  const identity = author.email
    ? `email:${author.email.trim().toLowerCase()}`
    : `name:${author.name.normalize('NFKC').trim().toLowerCase()}`;
  return createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 32);
};

const app = express();
app.disable('x-powered-by');
app.set('etag', 'weak');
const etagOf = app.get('etag fn') as (body: Buffer, encoding?: string) => string;
const seed = JSON.parse(readFileSync(process.env.CEILING_SEED!, 'utf8')) as CeilingSeed;
const store = new CeilingStore(seed, (body) => etagOf(body));
const byAuthor = new FixedWindowLimiter(RATE_LIMIT_PER_MINUTE);
const byIp = new FixedWindowLimiter(RATE_LIMIT_PER_MINUTE);
const idempotency = new Map<
  string,
  { commentId: string; fingerprint: string; receivedAt: string }
>();
const queue: CommentJob[] = [];
let queued = 0;
const utf8 = new TextDecoder('utf-8', { fatal: true });

// What the `cors` middleware sends on the service's public routes.
const cors: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') {
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After,ETag');
    next();
    return;
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET,POST');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type,Idempotency-Key');
  res.setHeader('Access-Control-Max-Age', '600');
  res.setHeader('Content-Length', '0');
  res.status(204).end();
};
app.use('/api/v1/articles', cors);
app.use(
  express.json({
    limit: JSON_BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buffer) => {
      try {
        utf8.decode(buffer);
      } catch {
        throw Object.assign(new Error('invalid UTF-8'), { type: 'encoding.invalid', status: 400 });
      }
    },
  }),
);

const requireJson: RequestHandler = (req, _res, next) => {
  const ok = Boolean(req.is(['application/json', 'application/*+json']));
  next(
    ok
      ? undefined
      : new Problem(
          415,
          'unsupported-media-type',
          'Unsupported Media Type',
          'Send the request body as JSON with "Content-Type: application/json".',
        ),
  );
};

app.post('/api/v1/articles/:articleId/comments', requireJson, (req, res) => {
  const articleId = articleIdOf(req.params.articleId);
  const body = parseOr400(postCommentBodySchema, req.body, 'body');
  const rawKey = req.get('idempotency-key');
  const idempotencyKey =
    rawKey === undefined ? undefined : parseOr400(idempotencyKeySchema, rawKey, 'header');
  const open = store.commentsOpen(articleId);
  if (open === null) throw new ArticleNotFound(articleId);
  if (!open) throw new CommentsClosed(articleId);
  if (body.parentId && !store.isApprovedIn(articleId, body.parentId))
    throw new ParentNotFound(body.parentId);
  const authorKey = authorKeyOf(body.author);
  const now = Date.now();
  const accept = (commentId: string, receivedAt: string) => {
    const job: CommentJob = {
      commentId,
      articleId,
      parentId: body.parentId ?? null,
      body: body.body,
      author: { name: body.author.name, email: body.author.email ?? null },
      authorKey,
      receivedAt,
    };
    queue[queued++ % QUEUE_BOUND] = job;
    res
      .status(202)
      .location(`/api/v1/comments/${commentId}/status`)
      .json({ id: commentId, status: 'pending' });
  };
  const spend = () => {
    const waitMs = Math.max(
      byAuthor.consume(authorKey, now),
      byIp.consume(req.ip ?? 'unknown', now),
    );
    if (waitMs === 0) return;
    throw new RateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
  };
  if (idempotencyKey === undefined) {
    spend();
    accept(randomUUID(), new Date(now).toISOString());
    return;
  }
  const key = createHash('sha256').update(`${articleId}\n${idempotencyKey}`).digest('base64url');
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        articleId,
        body.body,
        body.author.name,
        body.author.email ?? null,
        body.parentId ?? null,
      ]),
    )
    .digest('base64url');
  const existing = idempotency.get(key);
  if (existing) {
    if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    accept(existing.commentId, existing.receivedAt);
    return;
  }
  spend();
  const record = { commentId: randomUUID(), fingerprint, receivedAt: new Date(now).toISOString() };
  if (idempotency.size >= QUEUE_BOUND) idempotency.clear(); // the service keeps keys a day in Redis; memory here is bounded
  idempotency.set(key, record);
  accept(record.commentId, record.receivedAt);
});

app.get('/api/v1/articles/:articleId/comments', (req, res) => {
  const articleId = articleIdOf(req.params.articleId);
  const query = parseOr400(threadQuerySchema, req.query, 'query');
  const page = store.page(articleId, query);
  if (!page) throw new ArticleNotFound(articleId);
  res.set({
    ...THREAD_CACHE,
    'Content-Type': 'application/json; charset=utf-8',
    ETag: page.etag,
  });
  res.send(page.body); // Express answers 304 itself when If-None-Match matches the ETag
});

app.use((req, _res, next) =>
  next(
    new Problem(404, 'not-found', 'Not Found', `There is nothing at ${req.method} ${req.path}.`),
  ),
);

function sendProblem(res: Response, req: Request, problem: Problem): void {
  const { headers, ...extras } = problem.extras;
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: TYPE_BASE + problem.slug,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: req.originalUrl,
      ...extras,
    });
}

const BODY_PARSER_PROBLEMS: Record<
  string,
  (error: { message: string; limit?: number }) => Problem
> = {
  'entity.parse.failed': (e) =>
    new Problem(
      400,
      'malformed-json',
      'Malformed JSON',
      `The request body is not valid JSON: ${e.message}.`,
    ),
  'entity.too.large': (e) =>
    new Problem(
      413,
      'too-large',
      'Content Too Large',
      `The request body is larger than the limit of ${e.limit} bytes.`,
    ),
  'encoding.invalid': () =>
    new Problem(
      400,
      'invalid-encoding',
      'Invalid text encoding',
      'The request body is not valid UTF-8.',
    ),
  'encoding.unsupported': () =>
    new Problem(
      415,
      'unsupported-charset',
      'Unsupported Media Type',
      'Send the request body as UTF-8 JSON.',
    ),
  'charset.unsupported': () =>
    new Problem(
      415,
      'unsupported-charset',
      'Unsupported Media Type',
      'Send the request body as UTF-8 JSON.',
    ),
  'request.aborted': () =>
    new Problem(
      400,
      'aborted',
      'Request aborted',
      'The request body ended before it was complete.',
    ),
};

const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  if (res.headersSent) return;
  const parserError = error as { type?: string; message: string; limit?: number };
  const problem =
    (error instanceof Problem
      ? error
      : error instanceof DomainError
        ? domainProblem(error)
        : BODY_PARSER_PROBLEMS[parserError?.type ?? '']?.(parserError)) ??
    new Problem(
      500,
      'internal',
      'Internal Server Error',
      'Something went wrong on our side; nothing was stored. Please try again.',
    );
  if (problem.status === 500) console.error(error);
  sendProblem(res, req, problem);
};
app.use(errorHandler);

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
