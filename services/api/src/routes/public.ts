import {
  ArticleNotFound,
  articleIdSchema,
  CommentNotFound,
  commentIdSchema,
  idempotencyKeySchema,
  postCommentBodySchema,
  readerIdSchema,
  reportBodySchema,
  putArticleBodySchema,
  threadQuerySchema,
} from '@cm/contracts';
import cors from 'cors';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toArticleDto } from '../dto.ts';
import { principalOf, type Auth } from '../http/auth.ts';
import { parseOr400, requireJson } from '../http/problem.ts';
import { getArticle, listArticles, putArticle } from '../use-cases/articles.ts';
import { commentStatus } from '../use-cases/comment-status.ts';
import { postComment } from '../use-cases/post-comment.ts';
import { readThread } from '../use-cases/read-thread.ts';
import { reportComment } from '../use-cases/report-comment.ts';

/**
 * Browsers revalidate every time (a cheap 304 with the ETag) and never show a stale thread: the
 * reader who just posted must see their comment on reload. `stale-while-revalidate` lives only in
 * the headers CDNs read (CDN-Cache-Control, RFC 9213; Surrogate-Control), because browsers honour
 * it in Cache-Control too; `s-maxage` keeps a shared cache that reads neither to 5 s.
 */
const PUBLIC_CACHE = {
  'Cache-Control': 'public, max-age=0, must-revalidate, s-maxage=5',
  'CDN-Cache-Control': 'public, max-age=5, stale-while-revalidate=30',
  'Surrogate-Control': 'max-age=5, stale-while-revalidate=30',
};

/** Routes readers' browsers and article pages call, from the newsroom's origins (the embeddable widget). */
export function publicRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();
  const publicCors = cors({
    origin: deps.http.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Authorization', 'X-Reader-Id'],
    exposedHeaders: ['Retry-After', 'ETag'],
    maxAge: 600,
  });
  router.use('/api/v1/articles', publicCors);
  router.use('/api/v1/comments', publicCors);

  // An id that cannot exist is simply not found.
  const articleIdOf = (raw: string | string[] | undefined) => {
    const parsed = articleIdSchema.safeParse(raw);
    if (!parsed.success) throw new ArticleNotFound(String(raw));
    return parsed.data;
  };

  router.get('/api/v1/articles', async (_req, res) => {
    const articles = await listArticles(deps);
    res.set('Cache-Control', 'no-cache');
    res.json({ items: articles.map(toArticleDto) });
  });

  router.put('/api/v1/articles/:articleId', auth.requireAdmin, requireJson, async (req, res) => {
    const articleId = parseOr400(articleIdSchema, req.params.articleId, 'path');
    const body = parseOr400(putArticleBodySchema, req.body, 'body');
    const { article, created } = await putArticle(deps, articleId, body, principalOf(res).id);
    res.status(created ? 201 : 200).json(toArticleDto(article));
  });

  router.get('/api/v1/articles/:articleId', async (req, res) => {
    const article = await getArticle(deps, articleIdOf(req.params.articleId));
    res.set(PUBLIC_CACHE);
    res.json(toArticleDto(article));
  });

  router.post('/api/v1/articles/:articleId/comments', requireJson, async (req, res) => {
    const articleId = articleIdOf(req.params.articleId);
    const body = parseOr400(postCommentBodySchema, req.body, 'body');
    const rawKey = req.get('idempotency-key');
    const idempotencyKey =
      rawKey === undefined ? undefined : parseOr400(idempotencyKeySchema, rawKey, 'header');
    // The host site's sign-in token: `Authorization: Bearer <JWT>`, or the body's `token`.
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    const token = bearer ?? body.token;
    const { id } = await postComment(deps, {
      articleId,
      body,
      ...(token !== undefined && { token }),
      ip: req.ip ?? 'unknown',
      now: new Date(),
      // genReqId (app.ts) always makes it a string.
      ...(typeof req.id === 'string' && { requestId: req.id }),
      ...(idempotencyKey !== undefined && { idempotencyKey }),
    });
    deps.metrics.commentsAccepted.inc();
    res.status(202).location(`/api/v1/comments/${id}/status`).json({ id, status: 'pending' });
  });

  router.get('/api/v1/articles/:articleId/comments', async (req, res) => {
    const articleId = articleIdOf(req.params.articleId);
    const query = parseOr400(threadQuerySchema, req.query, 'query');
    const page = await readThread(deps, articleId, query);
    res.set(PUBLIC_CACHE);
    // Set here, Express neither hashes the body again nor skips the 304 for a matching If-None-Match.
    res.set('ETag', page.etag);
    res.type('application/json').send(page.json);
  });

  router.get('/api/v1/comments/:id/status', async (req, res) => {
    const parsed = commentIdSchema.safeParse(req.params.id);
    if (!parsed.success) throw new CommentNotFound(req.params.id);
    res.set('Cache-Control', 'no-store');
    res.json({ id: parsed.data, status: await commentStatus(deps, parsed.data) });
  });

  router.post('/api/v1/comments/:id/reports', requireJson, async (req, res) => {
    const parsed = commentIdSchema.safeParse(req.params.id);
    if (!parsed.success) throw new CommentNotFound(String(req.params.id));
    const report = parseOr400(reportBodySchema, req.body, 'body');
    const rawReaderId = req.get('x-reader-id');
    const readerId =
      rawReaderId === undefined ? undefined : parseOr400(readerIdSchema, rawReaderId, 'header');
    await reportComment(
      { ...deps, readerKeySecret: deps.http.readerKeySecret },
      {
        commentId: parsed.data,
        report,
        ip: req.ip ?? 'unknown',
        now: new Date(),
        ...(readerId !== undefined && { readerId }),
      },
    );
    res.set('Cache-Control', 'no-store');
    // The same answer for a first and a repeated report: a reader learns nothing about others.
    res.status(202).json({ status: 'received' });
  });

  return router;
}
