import { ModeratorNotFound, type CreateModeratorBody } from '@cm/contracts';
import type { ModeratorRecord, ModeratorRepository } from '@cm/db';

export interface ModeratorsDeps {
  moderators: Pick<ModeratorRepository, 'create' | 'revoke'>;
}

/** A new moderator token; the token is returned once and stored only as a hash. */
export const createModerator = (
  deps: ModeratorsDeps,
  input: CreateModeratorBody,
  actor: string,
): Promise<{ moderator: ModeratorRecord; token: string }> =>
  deps.moderators.create(input.name, input.role, actor);

/** Revokes a moderator's token at once; revoking twice is harmless. */
export async function revokeModerator(
  deps: ModeratorsDeps,
  moderatorId: string,
  actor: string,
): Promise<ModeratorRecord> {
  const revoked = await deps.moderators.revoke(moderatorId, actor);
  if (!revoked) throw new ModeratorNotFound(moderatorId);
  return revoked;
}
