import {
  acceptedCommentSchema,
  articleListSchema,
  articleSchema,
  commentStatusResponseSchema,
  createdModeratorSchema,
  healthSchema,
  moderationItemSchema,
  moderationPageSchema,
  problemSchema,
  readinessSchema,
  threadPageSchema,
} from '@cm/contracts';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ policy: { suspectWords: ['كذاب'] } });
});
afterAll(() => stack?.stop());

/** Parses a real response with the schema the OpenAPI document is generated from. */
async function expectShape(
  schema: z.ZodType,
  status: number,
  request: Promise<{ status: number; body: unknown }>,
) {
  const response = await request;
  expect(response.status).toBe(status);
  const parsed = schema.safeParse(response.body);
  expect(
    parsed.success ? 'matches the documented schema' : JSON.stringify(parsed.error.issues),
  ).toBe('matches the documented schema');
  return response.body as any;
}

describe('the API answers exactly what its OpenAPI document promises', () => {
  test('the OpenAPI 3.1 document lists every v1 operation and its schemas', async () => {
    const { status, body } = await call(stack.baseUrl, 'GET', '/api/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        '/api/v1/admin/jobs/failed',
        '/api/v1/admin/jobs/retry-failed',
        '/api/v1/admin/jobs/{id}/retry',
        '/api/v1/admin/models',
        '/api/v1/admin/models/train',
        '/api/v1/admin/models/training/{jobId}',
        '/api/v1/admin/moderators',
        '/api/v1/admin/moderators/{id}',
        '/api/v1/admin/webhooks',
        '/api/v1/admin/webhooks/{id}',
        '/api/v1/admin/webhooks/{id}/deliveries',
        '/api/v1/admin/webhooks/{id}/rotate-secret',
        '/api/v1/admin/webhooks/{id}/test',
        '/api/v1/articles',
        '/api/v1/audit',
        '/api/v1/articles/{articleId}',
        '/api/v1/articles/{articleId}/comments',
        '/api/v1/authors/{key}',
        '/api/v1/authors/{key}/notes',
        '/api/v1/authors/{key}/standing',
        '/api/v1/comments/{id}/reports',
        '/api/v1/comments/{id}/status',
        '/api/v1/moderation/comments',
        '/api/v1/moderation/comments/{id}/approve',
        '/api/v1/moderation/comments/{id}/claim',
        '/api/v1/moderation/comments/{id}/reject',
        '/api/v1/moderation/events',
        '/api/v1/policy',
        '/api/v1/policy/backtest',
        '/api/v1/policy/backtests/{id}',
        '/api/v1/policy/diff',
        '/api/v1/policy/precision',
        '/api/v1/policy/versions',
        '/api/v1/policy/versions/{version}',
        '/api/v1/policy/versions/{version}/activate',
        '/healthz',
        '/readyz',
      ].sort(),
    );
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(['Article', 'ThreadPage', 'ModerationItem', 'Finding', 'Problem']),
    );
    const post = body.paths['/api/v1/articles/{articleId}/comments'].post;
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '404', '409', '413', '415', '422', '429']),
    );
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'idempotency-key' }),
    );
  });

  test('every success and error body of the comment path matches its documented schema', async () => {
    const token = stack.adminToken;
    await expectShape(
      articleSchema,
      201,
      call(stack.baseUrl, 'PUT', '/api/v1/articles/contract', {
        token,
        json: { title: 'Contract', language: 'en', url: 'https://news.example/c' },
      }),
    );
    await expectShape(articleListSchema, 200, call(stack.baseUrl, 'GET', '/api/v1/articles'));
    await expectShape(articleSchema, 200, call(stack.baseUrl, 'GET', '/api/v1/articles/contract'));
    const accepted = await expectShape(
      acceptedCommentSchema,
      202,
      call(stack.baseUrl, 'POST', '/api/v1/articles/contract/comments', {
        json: { body: 'He is a كذاب', author: { name: 'X', email: 'x@example.org' } },
      }),
    );
    await expectShape(
      commentStatusResponseSchema,
      200,
      call(stack.baseUrl, 'GET', `/api/v1/comments/${accepted.id}/status`),
    );
    expect(await decided(stack, accepted.id)).toBe('pending');

    const moderatorToken = (
      await expectShape(
        createdModeratorSchema,
        201,
        call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
          token,
          json: { name: 'M', role: 'moderator' },
        }),
      )
    ).token;
    const queue = await expectShape(
      moderationPageSchema,
      200,
      call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?articleId=contract', {
        token: moderatorToken,
      }),
    );
    expect(queue.items[0].decision.findings[0]).toMatchObject({ rule: 'suspect-words' });
    await expectShape(
      moderationItemSchema,
      200,
      call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${accepted.id}/approve`, {
        token: moderatorToken,
      }),
    );
    const thread = await expectShape(
      threadPageSchema,
      200,
      call(stack.baseUrl, 'GET', '/api/v1/articles/contract/comments'),
    );
    expect(thread.items).toHaveLength(1);

    await expectShape(
      problemSchema,
      400,
      call(stack.baseUrl, 'POST', '/api/v1/articles/contract/comments', { json: { body: '' } }),
    );
    await expectShape(problemSchema, 404, call(stack.baseUrl, 'GET', '/api/v1/articles/none'));
    await expectShape(
      problemSchema,
      401,
      call(stack.baseUrl, 'GET', '/api/v1/moderation/comments'),
    );
    await expectShape(healthSchema, 200, call(stack.baseUrl, 'GET', '/healthz'));
    await expectShape(readinessSchema, 200, call(stack.baseUrl, 'GET', '/readyz'));
  });

  test("the published document passes Redocly's recommended rules with no errors, and every operation has an operationId", async () => {
    const { body } = await call(stack.baseUrl, 'GET', '/api/v1/openapi.json');
    // Offline: the built-in ruleset, and a document without external $refs.
    const config = await createConfig({ extends: ['recommended'], telemetry: 'off' });
    const problems = await lintFromString({
      source: JSON.stringify(body),
      absoluteRef: 'openapi.json',
      config,
    });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(errors).toEqual([]);

    const operations = Object.values(
      body.paths as Record<string, Record<string, { operationId?: string }>>,
    ).flatMap((item) => Object.values(item));
    expect(operations.length).toBe(43);
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
