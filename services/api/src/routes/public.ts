import {
  articleIdSchema,
  commentIdSchema,
  idempotencyKeySchema,
  postCommentBodySchema,
  putArticleBodySchema,
  threadQuerySchema,
} from '@cm/contracts';
import { toArticleDto } from '@cm/db';
import { isCommentQueued } from '@cm/queue';
import cors from 'cors';
import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../app.ts';
import { postComment } from '../post-comment.ts';
import { notFound, parseOr400, requireJson } from '../problem.ts';

/** Routes readers' browsers and article pages call, from any origin (the embeddable widget). */
export function publicRoutes(deps: AppDeps, requireAdmin: RequestHandler): Router {
  const router = Router();
  const publicCors = cors({
    origin: '*',
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['Retry-After', 'ETag'],
    maxAge: 600,
  });
  router.use('/api/v1/articles', publicCors);
  router.use('/api/v1/comments', publicCors);

  const articleIdOf = (raw: string | string[] | undefined) => {
    const parsed = articleIdSchema.safeParse(raw);
    if (!parsed.success) throw notFound(`There is no article "${String(raw)}".`);
    return parsed.data;
  };

  router.get('/api/v1/articles', async (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.json({ items: (await deps.articles.list()).map(toArticleDto) });
  });

  router.put('/api/v1/articles/:articleId', requireAdmin, requireJson, async (req, res) => {
    const articleId = parseOr400(articleIdSchema, req.params.articleId, 'path');
    const body = parseOr400(putArticleBodySchema, req.body, 'body');
    const { article, created } = await deps.articles.put(articleId, body, res.locals.principal.id);
    res.status(created ? 201 : 200).json(toArticleDto(article));
  });

  router.get('/api/v1/articles/:articleId', async (req, res) => {
    const articleId = articleIdOf(req.params.articleId);
    const article = await deps.articles.get(articleId);
    if (!article) throw notFound(`There is no article "${articleId}".`);
    res.set('Cache-Control', 'public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    res.json(toArticleDto(article));
  });

  router.post('/api/v1/articles/:articleId/comments', requireJson, async (req, res) => {
    const articleId = articleIdOf(req.params.articleId);
    const body = parseOr400(postCommentBodySchema, req.body, 'body');
    const rawKey = req.get('idempotency-key');
    const idempotencyKey = rawKey === undefined ? undefined : parseOr400(idempotencyKeySchema, rawKey, 'header');
    const { id } = await postComment(deps, {
      articleId,
      body,
      ip: req.ip ?? 'unknown',
      now: new Date(),
      ...(idempotencyKey !== undefined && { idempotencyKey }),
    });
    deps.metrics.commentsAccepted.inc();
    res.status(202).location(`/api/v1/comments/${id}/status`).json({ id, status: 'pending' });
  });

  router.get('/api/v1/articles/:articleId/comments', async (req, res) => {
    const articleId = articleIdOf(req.params.articleId);
    const query = parseOr400(threadQuerySchema, req.query, 'query');
    const pageKey = `${query.sort}:${query.limit}:${query.cursor ?? ''}`;
    const cached = await deps.threadCache.get(articleId, pageKey);
    let json = cached.json;
    if (json === null) {
      const [exists, page] = await Promise.all([deps.articles.commentsOpen(articleId), deps.comments.thread(articleId, query)]);
      if (exists === null) throw notFound(`There is no article "${articleId}".`);
      json = JSON.stringify(page);
      await deps.threadCache.put(articleId, pageKey, cached.generation, json);
    }
    // Browsers revalidate every time (cheap 304 with the ETag); shared caches may keep 5 s.
    res.set('Cache-Control', 'public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    res.type('application/json').send(json);
  });

  router.get('/api/v1/comments/:id/status', async (req, res) => {
    const parsed = commentIdSchema.safeParse(req.params.id);
    if (!parsed.success) throw notFound(`There is no comment "${req.params.id}".`);
    const id = parsed.data;
    res.set('Cache-Control', 'no-store');
    const stored = await deps.comments.status(id);
    if (stored) {
      res.json({ id, status: stored });
      return;
    }
    // Accepted but not yet decided: the job is still in the queue.
    if (await isCommentQueued(deps.queue, id)) {
      res.json({ id, status: 'pending' });
      return;
    }
    throw notFound(`There is no comment "${id}".`);
  });

  return router;
}
