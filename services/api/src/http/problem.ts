import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

export const TYPE_BASE = 'tag:comment-moderation,2026:problem/';

export interface FieldError {
  path: string;
  message: string;
}

/** Members a problem may carry besides the standard ones, and headers to send with it. */
export interface ProblemExtras {
  errors?: FieldError[];
  headers?: Record<string, string>;
  [member: string]: unknown;
}

/**
 * An RFC 9457 problem. HTTP-edge code (parsing, auth) throws it directly; use cases throw domain
 * errors instead, which error-map.ts turns into these.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function sendProblem(res: Response, problem: HttpProblem, instance?: string): void {
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
      instance,
      ...extras,
    });
}

/** Turns zod issues into `errors[]` entries naming each bad field, e.g. `author.name`. */
export function validationProblem(
  error: z.ZodError,
  where: 'body' | 'query' | 'header' | 'path',
): HttpProblem {
  const errors = error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : where,
    message: describeIssue(issue),
  }));
  const fields = [...new Set(errors.map((e) => e.path))].join(', ');
  return new HttpProblem(
    400,
    'validation',
    'Invalid request',
    `The request ${where} is invalid: ${fields}.`,
    { errors },
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Parses with zod or throws a 400 problem naming each field. */
export function parseOr400<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'header' | 'path',
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

const unsupportedMediaType = () =>
  new HttpProblem(
    415,
    'unsupported-media-type',
    'Unsupported Media Type',
    'Send the request body as JSON with "Content-Type: application/json".',
  );

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
