import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { InvalidCursorError } from '@cm/db';
import type { Logger } from 'pino';
import { z } from 'zod';

const TYPE_BASE = 'tag:comment-moderation,2026:problem/';

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem. Throw it from any handler; the error middleware writes it. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export const notFound = (detail: string) => new HttpProblem(404, 'not-found', 'Not Found', detail);

export function sendProblem(res: Response, problem: HttpProblem, instance?: string): void {
  const { headers, ...extras } = problem.extras;
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({ type: TYPE_BASE + problem.slug, title: problem.title, status: problem.status, detail: problem.detail, instance, ...extras });
}

/** Turns zod issues into `errors[]` entries naming each bad field, e.g. `author.name`. */
export function validationProblem(error: z.ZodError, where: 'body' | 'query' | 'header' | 'path'): HttpProblem {
  const errors = error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : where,
    message: describeIssue(issue),
  }));
  const fields = [...new Set(errors.map((e) => e.path))].join(', ');
  return new HttpProblem(400, 'validation', 'Invalid request', `The request ${where} is invalid: ${fields}.`, { errors });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Parses with zod or throws a 400 problem naming each field. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'header' | 'path'): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

const unsupportedMediaType = () =>
  new HttpProblem(415, 'unsupported-media-type', 'Unsupported Media Type', 'Send the request body as JSON with "Content-Type: application/json".');

const isJson = (req: Request) => Boolean(req.is(['application/json', 'application/*+json']));

/** Requests with a body must say it is JSON: anything else gets a 415 before parsing. */
export const requireJson: RequestHandler = (req, _res, next) => {
  next(isJson(req) ? undefined : unsupportedMediaType());
};

/** For endpoints whose body is optional: no body is `{}`, a body must be JSON. */
export function optionalJsonBody(req: Request): unknown {
  if (!req.headers['content-length'] && !req.headers['transfer-encoding']) return {};
  if (Number(req.headers['content-length']) === 0) return {};
  if (!isJson(req)) throw unsupportedMediaType();
  return req.body ?? {};
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`There is nothing at ${req.method} ${req.path}.`));
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** The one place errors become responses. Unknown errors are logged and never leak details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error);
    if (problem?.status === 503) (req as { log?: Logger }).log?.warn({ err: error }, 'dependency unavailable');
    if (!problem) {
      (req as { log?: Logger }).log?.error({ err: error }, 'unhandled error') ?? logger.error({ err: error }, 'unhandled error');
      if (res.headersSent) return;
      sendProblem(res, new HttpProblem(500, 'internal', 'Internal Server Error', 'Something went wrong on our side; nothing was stored. Please try again.'), req.originalUrl);
      return;
    }
    if (res.headersSent) return;
    sendProblem(res, problem, req.originalUrl);
  };
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P03']);
const UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError', 'PrismaClientInitializationError']);
const UNAVAILABLE_MESSAGES = /enableOfflineQueue|Connection is closed|Connection terminated|Can't reach database server|timeout exceeded when trying to connect/i;

/** Postgres or Redis cannot be reached: the request may succeed later, so 503 rather than 500. */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, name, message, cause } = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  return isDependencyOutage(cause, depth + 1);
}

function toProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (isDependencyOutage(error)) {
    return new HttpProblem(503, 'unavailable', 'Service Unavailable', 'The service cannot reach its database or queue right now; nothing was stored. Please try again shortly.', {
      headers: { 'Retry-After': '5' },
    });
  }
  if (error instanceof InvalidCursorError) {
    return new HttpProblem(400, 'validation', 'Invalid request', error.message, { errors: [{ path: 'cursor', message: error.message }] });
  }
  const err = error as BodyParserError;
  switch (err?.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'malformed-json', 'Malformed JSON', `The request body is not valid JSON: ${err.message}.`);
    case 'entity.too.large':
      return new HttpProblem(413, 'too-large', 'Content Too Large', `The request body is larger than the limit of ${err.limit} bytes.`);
    case 'encoding.invalid':
      return new HttpProblem(400, 'invalid-encoding', 'Invalid text encoding', 'The request body is not valid UTF-8.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported-charset', 'Unsupported Media Type', 'Send the request body as UTF-8 JSON.');
    case 'request.aborted':
      return new HttpProblem(400, 'aborted', 'Request aborted', 'The request body ended before it was complete.');
    default:
      return null;
  }
}
