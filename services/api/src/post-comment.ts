import { createHash, randomUUID } from 'node:crypto';
import type { CommentJob, PostCommentBody } from '@cm/contracts';
import type { ArticleRepository, CommentRepository } from '@cm/db';
import { enqueueComment, type CommentQueue } from '@cm/queue';
import type { Redis } from 'ioredis';
import { HttpProblem, notFound } from './problem.ts';
import type { CommentRateLimiter } from './rate-limit.ts';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export interface PostCommentDeps {
  articles: ArticleRepository;
  comments: CommentRepository;
  queue: CommentQueue;
  redis: Redis;
  rateLimiter: CommentRateLimiter;
  prefix: string;
}

export interface PostCommentRequest {
  articleId: string;
  body: PostCommentBody;
  ip: string;
  idempotencyKey?: string;
  now: Date;
}

/** Who wrote it, pseudonymously: the e-mail when given, else the display name, folded. */
export function authorKeyOf(author: { name: string; email?: string | undefined }): string {
  const identity = author.email ? `email:${author.email.trim().toLowerCase()}` : `name:${author.name.normalize('NFKC').trim().toLowerCase()}`;
  return createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 32);
}

interface IdempotencyRecord {
  commentId: string;
  fingerprint: string;
  receivedAt: string;
}

/**
 * Accepts a comment: checks the article and parent, spends the rate limit, assigns the id and
 * answers only once the job is stored in Redis. With an Idempotency-Key, a repeat of the same
 * request returns the same id (and re-adds the job, a no-op unless the first attempt died
 * between remembering the key and adding the job).
 */
export async function postComment(deps: PostCommentDeps, request: PostCommentRequest): Promise<{ id: string }> {
  const { articleId, body } = request;
  const open = await deps.articles.commentsOpen(articleId);
  if (open === null) throw notFound(`There is no article "${articleId}".`);
  if (!open) {
    throw new HttpProblem(409, 'comments-closed', 'Comments closed', `Comments on article "${articleId}" are closed.`);
  }
  if (body.parentId && !(await deps.comments.isApprovedIn(articleId, body.parentId))) {
    throw new HttpProblem(404, 'parent-not-found', 'Not Found', `There is no published comment "${body.parentId}" on this article to reply to.`, {
      errors: [{ path: 'parentId', message: 'no such published comment on this article' }],
    });
  }
  const authorKey = authorKeyOf(body.author);
  const makeJob = (commentId: string, receivedAt: string): CommentJob => ({
    commentId,
    articleId,
    parentId: body.parentId ?? null,
    body: body.body,
    author: { name: body.author.name, email: body.author.email ?? null },
    authorKey,
    receivedAt,
  });

  if (!request.idempotencyKey) {
    await deps.rateLimiter.consume(authorKey, request.ip);
    const job = makeJob(randomUUID(), request.now.toISOString());
    await enqueueComment(deps.queue, job);
    return { id: job.commentId };
  }

  const key = `${deps.prefix}:idem:${createHash('sha256').update(`${articleId}\n${request.idempotencyKey}`).digest('base64url')}`;
  const fingerprint = createHash('sha256').update(JSON.stringify([articleId, body.body, body.author.name, body.author.email ?? null, body.parentId ?? null])).digest('base64url');
  const replay = async (record: IdempotencyRecord) => {
    if (record.fingerprint !== fingerprint) {
      throw new HttpProblem(
        422,
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This Idempotency-Key was already used for a different comment; use a new key for a new comment.',
      );
    }
    await enqueueComment(deps.queue, makeJob(record.commentId, record.receivedAt));
    return { id: record.commentId };
  };

  const existing = await deps.redis.get(key);
  if (existing) return replay(JSON.parse(existing) as IdempotencyRecord);
  await deps.rateLimiter.consume(authorKey, request.ip);
  const record: IdempotencyRecord = { commentId: randomUUID(), fingerprint, receivedAt: request.now.toISOString() };
  const won = await deps.redis.set(key, JSON.stringify(record), 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX');
  if (won !== 'OK') {
    // A concurrent request with the same key got there first: answer as it did.
    const winner = await deps.redis.get(key);
    if (winner) return replay(JSON.parse(winner) as IdempotencyRecord);
  }
  await enqueueComment(deps.queue, makeJob(record.commentId, record.receivedAt));
  return { id: record.commentId };
}
