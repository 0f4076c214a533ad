import { STATUS_CODES } from 'node:http';
import {
  ArticleNotFound,
  AuthorBanned,
  AuthorNotFound,
  AuthorSuspended,
  AuthorTokenRequired,
  AuthorTokenUnverifiable,
  InvalidAuthorToken,
  CommentClaimed,
  BacktestNotFound,
  CommentNotFound,
  CommentsClosed,
  DecisionConflict,
  DomainError,
  IdempotencyKeyReused,
  InvalidCursor,
  JobNotFailed,
  ModeratorNotFound,
  NoActivePolicy,
  ParentNotFound,
  PolicyVersionNotFound,
  RateLimited,
  StoredPolicyInvalid,
  TrainingRunNotFound,
  WebhookNotFound,
  WebhookTargetRefused,
} from '@cm/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpProblem, sendProblem, type ProblemExtras } from './problem.ts';

interface ProblemRule<E extends DomainError = DomainError> {
  type: abstract new (...args: never[]) => E;
  status: number;
  slug: string;
  title: string;
  extras?: (error: E) => ProblemExtras;
}

const rule = <E extends DomainError>(
  type: abstract new (...args: never[]) => E,
  status: number,
  slug: string,
  title: string,
  extras?: (error: E) => ProblemExtras,
): ProblemRule => ({
  type,
  status,
  slug,
  title,
  ...(extras && { extras: extras as (error: DomainError) => ProblemExtras }),
});

/**
 * Every domain error's HTTP face: status, problem type slug, title and extra members. The error's
 * message is the problem's `detail`. A new domain error needs one line here (a test fails on a
 * domain error without one).
 */
export const DOMAIN_PROBLEMS: readonly ProblemRule[] = [
  rule(ArticleNotFound, 404, 'not-found', 'Not Found'),
  rule(CommentNotFound, 404, 'not-found', 'Not Found'),
  rule(ModeratorNotFound, 404, 'not-found', 'Not Found'),
  rule(TrainingRunNotFound, 404, 'not-found', 'Not Found'),
  rule(PolicyVersionNotFound, 404, 'not-found', 'Not Found'),
  rule(BacktestNotFound, 404, 'not-found', 'Not Found'),
  rule(WebhookNotFound, 404, 'not-found', 'Not Found'),
  rule(WebhookTargetRefused, 400, 'webhook-target-refused', 'Webhook target refused', (e) => ({
    errors: [{ path: 'url', message: `not allowed as a webhook target: ${e.why}` }],
  })),
  rule(StoredPolicyInvalid, 422, 'invalid-stored-policy', 'Invalid stored policy', (e) => ({
    errors: e.errors,
  })),
  rule(NoActivePolicy, 404, 'no-active-policy', 'No active policy'),
  rule(AuthorNotFound, 404, 'not-found', 'Not Found'),
  rule(AuthorSuspended, 403, 'author-suspended', 'Author suspended', (e) => ({
    until: e.until.toISOString(),
  })),
  rule(AuthorBanned, 403, 'author-banned', 'Author banned'),
  rule(InvalidAuthorToken, 401, 'invalid-token', 'Unauthorized', () => ({
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  })),
  rule(AuthorTokenRequired, 401, 'sign-in-required', 'Unauthorized', () => ({
    headers: { 'WWW-Authenticate': 'Bearer' },
  })),
  rule(AuthorTokenUnverifiable, 503, 'unavailable', 'Service Unavailable', () => ({
    headers: { 'Retry-After': '5' },
  })),
  rule(ParentNotFound, 404, 'parent-not-found', 'Not Found', () => ({
    errors: [{ path: 'parentId', message: 'no such published comment on this article' }],
  })),
  rule(CommentsClosed, 409, 'comments-closed', 'Comments closed'),
  rule(JobNotFailed, 409, 'job-not-failed', 'Nothing to retry'),
  rule(DecisionConflict, 409, 'already-decided', 'Already decided', (e) => ({
    commentStatus: e.status,
    decidedBy: e.decidedBy,
    action: e.action,
    decidedAt: e.decidedAt,
  })),
  rule(CommentClaimed, 409, 'claimed', 'Claimed by another moderator', (e) => ({
    claimedBy: e.claimedBy,
    expiresAt: e.expiresAt,
  })),
  rule(IdempotencyKeyReused, 422, 'idempotency-key-reused', 'Idempotency-Key reused'),
  rule(RateLimited, 429, 'rate-limited', 'Too Many Requests', (e) => ({
    headers: { 'Retry-After': String(e.retryAfterSeconds) },
    retryAfterSeconds: e.retryAfterSeconds,
  })),
  rule(InvalidCursor, 400, 'validation', 'Invalid request', (e) => ({
    errors: [{ path: 'cursor', message: e.message }],
  })),
];

/** The problem for a domain error, or null when no rule names its class. */
export function domainProblem(error: DomainError): HttpProblem | null {
  const found = DOMAIN_PROBLEMS.find((r) => error instanceof r.type);
  return found
    ? new HttpProblem(found.status, found.slug, found.title, error.message, found.extras?.(error))
    : null;
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
]);
const UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError', 'PrismaClientInitializationError']);
const UNAVAILABLE_MESSAGES =
  /enableOfflineQueue|Connection is closed|Connection terminated|Can't reach database server|timeout exceeded when trying to connect/i;

/** Postgres or Redis cannot be reached: the request may succeed later, so 503 rather than 500. */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, name, message, cause } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  return isDependencyOutage(cause, depth + 1);
}

/** Any error as the problem to answer with, or null for a bug (a 500). */
export function toProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) return domainProblem(error);
  if (isDependencyOutage(error)) {
    return new HttpProblem(
      503,
      'unavailable',
      'Service Unavailable',
      'The service cannot reach its database or queue right now; nothing was stored. Please try again shortly.',
      {
        headers: { 'Retry-After': '5' },
      },
    );
  }
  const err = error as BodyParserError | null | undefined;
  switch (err?.type) {
    case 'entity.parse.failed':
      return new HttpProblem(
        400,
        'malformed-json',
        'Malformed JSON',
        `The request body is not valid JSON: ${err.message}.`,
      );
    case 'entity.too.large':
      return new HttpProblem(
        413,
        'too-large',
        'Content Too Large',
        `The request body is larger than the limit of ${err.limit} bytes.`,
      );
    case 'encoding.invalid':
      return new HttpProblem(
        400,
        'invalid-encoding',
        'Invalid text encoding',
        'The request body is not valid UTF-8.',
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(
        415,
        'unsupported-charset',
        'Unsupported Media Type',
        'Send the request body as UTF-8 JSON.',
      );
    case 'request.aborted':
      return new HttpProblem(
        400,
        'aborted',
        'Request aborted',
        'The request body ended before it was complete.',
      );
    default:
      return clientErrorProblem(error);
  }
}

/**
 * The router's own refusals: a path whose percent-encoding does not decode (`%E0%A4%A`, a lone
 * surrogate `%ED%A0%80`) is a `URIError` it marks 400; other middleware (body-parser, serve-static)
 * throws http-errors with a 4xx `status`. All are the client's mistake, never a 500.
 */
function clientErrorProblem(error: unknown): HttpProblem | null {
  if (!error || typeof error !== 'object') return null;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499) return null;
  if (error instanceof URIError)
    return new HttpProblem(
      400,
      'malformed-path',
      'Malformed URL',
      'The request path has percent-encoding that does not decode to UTF-8 text.',
    );
  return new HttpProblem(
    code,
    'bad-request',
    STATUS_CODES[code] ?? 'Bad Request',
    'The request cannot be processed as sent.',
  );
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(
    new HttpProblem(
      404,
      'not-found',
      'Not Found',
      `There is nothing at ${req.method} ${req.path}.`,
    ),
  );
};

/** The one place errors become responses. Unknown errors are logged and never leak details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const log = (req as { log?: Logger }).log ?? logger;
    const problem = toProblem(error);
    if (problem?.status === 503) log.warn({ err: error }, 'dependency unavailable');
    if (!problem) {
      log.error({ err: error }, 'unhandled error');
      if (res.headersSent) return;
      sendProblem(
        res,
        new HttpProblem(
          500,
          'internal',
          'Internal Server Error',
          'Something went wrong on our side; nothing was stored. Please try again.',
        ),
        req.originalUrl,
      );
      return;
    }
    if (res.headersSent) return;
    sendProblem(res, problem, req.originalUrl);
  };
}
