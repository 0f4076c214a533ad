// What can go wrong, in the domain's words. Use cases (in the API and the worker) throw these;
// they know nothing about HTTP. The API turns each into its problem+json in one table
// (services/api/src/http/error-map.ts). A new error is a small class here plus one line there.
// The message is the human explanation, shown to the client as the problem's `detail`.

/** Base class: an expected outcome a caller can act on, never a bug. */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ArticleNotFound extends DomainError {
  constructor(readonly articleId: string) {
    super(`There is no article "${articleId}".`);
  }
}

export class CommentsClosed extends DomainError {
  constructor(readonly articleId: string) {
    super(`Comments on article "${articleId}" are closed.`);
  }
}

/** A reply must answer a published comment of the same article. */
export class ParentNotFound extends DomainError {
  constructor(readonly parentId: string) {
    super(`There is no published comment "${parentId}" on this article to reply to.`);
  }
}

/** No such comment; `stored` says the lookup was for a stored (already decided) comment. */
export class CommentNotFound extends DomainError {
  constructor(
    readonly commentId: string,
    readonly where: 'anywhere' | 'stored' = 'anywhere',
  ) {
    super(
      where === 'stored'
        ? `There is no stored comment "${commentId}" (it may still be in the queue).`
        : `There is no comment "${commentId}".`,
    );
  }
}

export class ModeratorNotFound extends DomainError {
  constructor(readonly moderatorId: string) {
    super(`There is no moderator "${moderatorId}".`);
  }
}

/** The author or the address spent its budget; it may try again after `retryAfterSeconds`. */
export class RateLimited extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly what: 'comments' | 'reports' = 'comments',
  ) {
    super(
      `Too many ${what} in a short time; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    );
  }
}

/** The same Idempotency-Key came with a different comment. */
export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super(
      'This Idempotency-Key was already used for a different comment; use a new key for a new comment.',
    );
  }
}

/** A pagination cursor this API never returned. */
export class InvalidCursor extends DomainError {
  constructor() {
    super('cursor is not one this API returned (use nextCursor from the previous page as it is)');
  }
}

/** The comment's job is not failed (unknown, already retried, or never failed): nothing to retry. */
export class JobNotFailed extends DomainError {
  constructor(readonly commentId: string) {
    super(
      `The comment "${commentId}" has no failed job to retry (it may have been retried already).`,
    );
  }
}

/** Who took a decision, as a problem names them. */
export interface Decider {
  id: string;
  name: string;
}

/**
 * The comment is no longer in the status the moderator saw: someone decided first. Carries the
 * decision that won, so the console can say who did what and when.
 */
export class DecisionConflict extends DomainError {
  constructor(
    readonly commentId: string,
    readonly status: 'pending' | 'approved' | 'rejected',
    readonly decidedBy: Decider,
    readonly action: 'approve' | 'hold' | 'reject',
    readonly decidedAt: string,
  ) {
    super(
      `Comment "${commentId}" was already decided: ${action} by ${decidedBy.name} at ${decidedAt}; it is now ${status}.`,
    );
  }
}

/** No policy version with this number. */
export class PolicyVersionNotFound extends DomainError {
  constructor(readonly version: number) {
    super(`There is no policy version ${version}.`);
  }
}

/** No policy was activated yet: a worker saves the policy file as version 1 at its first start. */
export class NoActivePolicy extends DomainError {
  constructor() {
    super(
      'No policy is active yet; a worker saves its policy file as version 1 when it first starts.',
    );
  }
}

export class AuthorNotFound extends DomainError {
  constructor(readonly authorKey: string) {
    super(`There is no author "${authorKey}".`);
  }
}

/** A moderator suspended the author until `until`; they may post again after it. */
export class AuthorSuspended extends DomainError {
  constructor(readonly until: Date) {
    super(`You cannot post comments until ${until.toISOString()}: your account is suspended.`);
  }
}

/** A moderator banned the author. */
export class AuthorBanned extends DomainError {
  constructor() {
    super('You cannot post comments: your account is banned.');
  }
}

/** The host site's token is missing a signature we trust, expired, or otherwise unusable. */
export class InvalidAuthorToken extends DomainError {
  constructor(readonly why: string) {
    super(`The sign-in token was not accepted (${why}). Sign in again.`);
  }
}

/** This service accepts comments only from readers the host site signed in. */
export class AuthorTokenRequired extends DomainError {
  constructor() {
    super('Sign in on the site to comment: anonymous comments are not accepted here.');
  }
}

/** The host site's key set could not be fetched; the token could not be checked right now. */
export class AuthorTokenUnverifiable extends DomainError {
  constructor() {
    super(
      'The sign-in token could not be checked right now; nothing was stored. Try again shortly.',
    );
  }
}

/** Another moderator is reviewing this comment (an advisory claim that expires by itself). */
export class CommentClaimed extends DomainError {
  constructor(
    readonly commentId: string,
    readonly claimedBy: Decider,
    readonly expiresAt: string,
  ) {
    super(`${claimedBy.name} is reviewing comment "${commentId}" until ${expiresAt}.`);
  }
}
