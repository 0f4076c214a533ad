import type { AuditQuery } from '@cm/contracts';
import type { EventLog, EventRecord, ModeratorRepository } from '@cm/db';

export interface AuditTrailDeps {
  events: Pick<EventLog, 'list'>;
  moderators: Pick<ModeratorRepository, 'namesOf'>;
}

/**
 * One page of the audit trail (every state change, newest first), filtered by who did it, what
 * it was about and what happened, with the names of the moderators among the actors.
 */
export async function auditTrail(
  deps: AuditTrailDeps,
  query: AuditQuery,
): Promise<{ items: EventRecord[]; nextCursor: string | null; names: Map<string, string> }> {
  const { items, nextBefore } = await deps.events.list({
    ...(query.actor !== undefined && { actor: query.actor }),
    ...(query.target !== undefined && { targetId: query.target }),
    ...(query.targetType !== undefined && { targetType: query.targetType }),
    ...(query.action !== undefined && { type: query.action }),
    ...(query.cursor !== undefined && { before: query.cursor }),
    limit: query.limit,
  });
  const names = await deps.moderators.namesOf(items.map((item) => item.actor));
  return { items, nextCursor: nextBefore, names };
}
