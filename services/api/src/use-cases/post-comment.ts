import { createHash, randomUUID } from 'node:crypto';
import {
  ArticleNotFound,
  AuthorBanned,
  AuthorSuspended,
  AuthorTokenRequired,
  CommentsClosed,
  IdempotencyKeyReused,
  ParentNotFound,
  RateLimited,
  type CommentJob,
  type PostCommentBody,
} from '@cm/contracts';
import type { CommentRepository } from '@cm/db';
import type { CommentAdmission, IdempotencyRecord } from '@cm/queue';
import type { PostingGateCache } from './posting-gate-cache.ts';

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

/** Resolves once Redis has stored the job (see enqueueComment and CommentJobBatcher). */
export type EnqueueComment = (job: CommentJob) => Promise<void>;

export interface PostCommentDeps {
  /** The article and author checks, cached in process (see PostingGateCache). */
  postingGate: Pick<PostingGateCache, 'read' | 'stale'>;
  comments: Pick<CommentRepository, 'isApprovedIn'>;
  enqueueComment: EnqueueComment;
  /** Gate version, idempotency and both rate limits: one Redis round trip. */
  admission: Pick<CommentAdmission, 'admit' | 'gateVersion'>;
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

/** A stale gate is re-read and re-checked; a change racing every re-check this often is a bug. */
const MAX_GATE_READS = 5;

/**
 * Accepts a comment: checks the article and author (from the in-process gate cache) and the
 * parent, then asks Redis in one round trip whether that gate is current, whether the
 * Idempotency-Key was answered before, and spends the rate limit; assigns the id and answers
 * only once the job is stored in Redis. With an Idempotency-Key, a repeat of the same request
 * returns the same id (and re-adds the job, a no-op unless the first attempt died between
 * remembering the key and adding the job).
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
    await deps.enqueueComment(job);
    return { id: commentId };
  };
  const fingerprint =
    idempotencyKey === undefined
      ? undefined
      : fingerprintOf(articleId, body, { key: authorKey, name: authorName });
  const ours: IdempotencyRecord = {
    commentId: randomUUID(),
    fingerprint: fingerprint ?? '',
    receivedAt: request.now.toISOString(),
  };

  for (let reads = 1; ; reads++) {
    const { gate, version } = await deps.postingGate.read(articleId, authorKey, request.now);
    if (gate === null) throw new ArticleNotFound(articleId);
    if (!gate.open) throw new CommentsClosed(articleId);
    // Refused authors are refused here, before anything is queued or counted. Their standing
    // came from memory: make sure no moderator lifted it meanwhile (a rare extra round trip).
    const refused = gate.author.standing === 'banned' || gate.author.standing === 'suspended';
    if (refused && reads < MAX_GATE_READS) {
      const current = await deps.admission.gateVersion();
      if (current !== version) {
        deps.postingGate.stale(current);
        continue;
      }
    }
    if (gate.author.standing === 'banned') throw new AuthorBanned();
    if (gate.author.standing === 'suspended' && gate.author.suspendedUntil)
      throw new AuthorSuspended(gate.author.suspendedUntil);
    if (body.parentId && !(await deps.comments.isApprovedIn(articleId, body.parentId)))
      throw new ParentNotFound(body.parentId);

    const admission = await deps.admission.admit({
      gateVersion: reads < MAX_GATE_READS ? version : 'any',
      authorKey,
      ip: request.ip,
      ...(idempotencyKey !== undefined && {
        idempotency: { scope: articleId, key: idempotencyKey, record: ours },
      }),
    });
    switch (admission.kind) {
      case 'stale':
        // An article or a standing changed since this replica cached it: read Postgres again.
        deps.postingGate.stale(admission.version);
        continue;
      case 'limited':
        throw new RateLimited(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)), 'comments');
      case 'replay':
        // The key was answered before (maybe by a concurrent request): answer as it did.
        if (admission.record.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
        return accept(admission.record.commentId, admission.record.receivedAt);
      case 'admitted':
        return accept(ours.commentId, ours.receivedAt);
    }
  }
}
