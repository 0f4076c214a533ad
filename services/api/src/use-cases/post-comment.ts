import { createHash, randomUUID } from 'node:crypto';
import {
  ArticleNotFound,
  AuthorBanned,
  AuthorSuspended,
  AuthorTokenRequired,
  CommentsClosed,
  IdempotencyKeyReused,
  ParentNotFound,
  type CommentJob,
  type PostCommentBody,
} from '@cm/contracts';
import type { ArticleRepository, CommentRepository } from '@cm/db';
import { enqueueComment, type CommentQueue, type IdempotencyRecord } from '@cm/queue';

/** Spends one comment from the author's and the address's budgets; throws `RateLimited` when either is spent. */
export interface CommentRateLimiter {
  consume(authorKey: string, ip: string): Promise<void>;
}

/** Remembers which comment an Idempotency-Key was answered with (per article). */
export interface IdempotencyKeys {
  find(articleId: string, key: string): Promise<IdempotencyRecord | null>;
  /** Keeps `record` unless a concurrent request kept one first; returns the one that holds the key. */
  claim(articleId: string, key: string, record: IdempotencyRecord): Promise<IdempotencyRecord>;
}

/** A reader the host site signed in, as its token names them. */
export interface SignedInReader {
  /** The token's `sub`: stable, unique on the host site. */
  subject: string;
  /** The token's `name`, when it has one. */
  name?: string;
}

/** Checks a host-site token (SSO); throws `InvalidAuthorToken` for one it cannot accept. */
export interface ReaderIdentity {
  verify(token: string): Promise<SignedInReader>;
}

export interface PostCommentDeps {
  articles: Pick<ArticleRepository, 'postingGate'>;
  comments: Pick<CommentRepository, 'isApprovedIn'>;
  queue: CommentQueue;
  idempotency: IdempotencyKeys;
  rateLimiter: CommentRateLimiter;
  sso: {
    identity: ReaderIdentity;
    /** Refuse comments without a token (COMMENTS_REQUIRE_SSO). */
    required: boolean;
  };
}

export interface PostCommentRequest {
  articleId: string;
  body: PostCommentBody;
  /** The host site's token (header or body field), if the reader is signed in there. */
  token?: string;
  ip: string;
  idempotencyKey?: string;
  now: Date;
  /** The HTTP request's id, carried into the job for log correlation. */
  requestId?: string;
}

/** Who wrote it, pseudonymously: the e-mail when given, else the display name, folded. */
export function authorKeyOf(author: { name: string; email?: string | undefined }): string {
  const identity = author.email
    ? `email:${author.email.trim().toLowerCase()}`
    : `name:${author.name.normalize('NFKC').trim().toLowerCase()}`;
  return createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 32);
}

/** Same article, text, author and parent: the same comment, whatever the JSON looked like. */
function fingerprintOf(
  articleId: string,
  body: PostCommentBody,
  author: { key: string; name: string },
): string {
  const fields = [
    articleId,
    body.body,
    author.key,
    author.name,
    body.author.email ?? null,
    body.parentId ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}

/**
 * Accepts a comment: checks the article and parent, spends the rate limit, assigns the id and
 * answers only once the job is stored in Redis. With an Idempotency-Key, a repeat of the same
 * request returns the same id (and re-adds the job, a no-op unless the first attempt died
 * between remembering the key and adding the job).
 */
export async function postComment(
  deps: PostCommentDeps,
  request: PostCommentRequest,
): Promise<{ id: string }> {
  const { articleId, body, idempotencyKey } = request;
  // A signed-in reader is who the host site says: their key and name come from the token, so
  // nobody can post as someone else by typing their name.
  if (request.token === undefined && deps.sso.required) throw new AuthorTokenRequired();
  const reader = request.token === undefined ? null : await deps.sso.identity.verify(request.token);
  const authorKey = reader ? `sso:${reader.subject}` : authorKeyOf(body.author);
  const authorName = reader?.name ?? body.author.name;

  const gate = await deps.articles.postingGate(articleId, authorKey, request.now);
  if (gate === null) throw new ArticleNotFound(articleId);
  if (!gate.open) throw new CommentsClosed(articleId);
  // Refused authors are refused here, before anything is queued or counted.
  if (gate.author.standing === 'banned') throw new AuthorBanned();
  if (gate.author.standing === 'suspended' && gate.author.suspendedUntil)
    throw new AuthorSuspended(gate.author.suspendedUntil);
  if (body.parentId && !(await deps.comments.isApprovedIn(articleId, body.parentId)))
    throw new ParentNotFound(body.parentId);

  const accept = async (commentId: string, receivedAt: string) => {
    const job: CommentJob = {
      commentId,
      articleId,
      parentId: body.parentId ?? null,
      body: body.body,
      author: { name: authorName, email: body.author.email ?? null },
      authorKey,
      receivedAt,
      ...(request.requestId !== undefined && { requestId: request.requestId }),
    };
    await enqueueComment(deps.queue, job);
    return { id: commentId };
  };

  if (idempotencyKey === undefined) {
    await deps.rateLimiter.consume(authorKey, request.ip);
    return accept(randomUUID(), request.now.toISOString());
  }

  const fingerprint = fingerprintOf(articleId, body, { key: authorKey, name: authorName });
  const replay = (record: IdempotencyRecord) => {
    if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    return accept(record.commentId, record.receivedAt);
  };
  const earlier = await deps.idempotency.find(articleId, idempotencyKey);
  if (earlier) return replay(earlier);
  await deps.rateLimiter.consume(authorKey, request.ip);
  const ours: IdempotencyRecord = {
    commentId: randomUUID(),
    fingerprint,
    receivedAt: request.now.toISOString(),
  };
  // A concurrent request with the same key may have got there first: answer as it did.
  return replay(await deps.idempotency.claim(articleId, idempotencyKey, ours));
}
