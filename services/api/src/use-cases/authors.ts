import { AuthorNotFound, type PutAuthorStandingBody } from '@cm/contracts';
import type { AuthorNoteRecord, AuthorProfileRecord, AuthorRepository } from '@cm/db';
import type { GateVersion } from '@cm/queue';

export interface AuthorsDeps {
  authors: Pick<AuthorRepository, 'profile' | 'setStanding' | 'addNote'>;
  /** Tells every API replica's posting-gate cache that a standing changed. */
  gateVersion: Pick<GateVersion, 'bump'>;
}

type Moderator = { id: string; name: string };

/** An author as moderators see them: standing, counts, latest comments and notes. */
export async function getAuthor(
  deps: AuthorsDeps,
  key: string,
  now: Date,
): Promise<AuthorProfileRecord> {
  const author = await deps.authors.profile(key, now);
  if (!author) throw new AuthorNotFound(key);
  return author;
}

/**
 * A moderator changes an author's standing (with its event, atomically). It applies to the
 * author's next POST at once: the standing is committed before the gate version moves, and every
 * POST checks its cached gate against that version (see PostingGateCache).
 */
export async function setAuthorStanding(
  deps: AuthorsDeps,
  key: string,
  change: PutAuthorStandingBody,
  moderator: Moderator,
  now: Date,
): Promise<AuthorProfileRecord> {
  const updated = await deps.authors.setStanding(
    key,
    {
      standing: change.standing,
      until: change.until === undefined ? null : new Date(change.until),
      reason: change.reason,
    },
    moderator,
    now,
  );
  if (!updated) throw new AuthorNotFound(key);
  await deps.gateVersion.bump();
  return getAuthor(deps, key, now);
}

export async function addAuthorNote(
  deps: AuthorsDeps,
  key: string,
  body: string,
  moderator: Moderator,
  now: Date,
): Promise<AuthorNoteRecord> {
  const note = await deps.authors.addNote(key, body, moderator, now);
  if (!note) throw new AuthorNotFound(key);
  return note;
}
