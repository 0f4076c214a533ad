import { createHash, randomBytes } from 'node:crypto';
import type { Database } from './client.ts';
import { recordEvent } from './event-log.ts';

export type Role = 'moderator' | 'admin';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ModeratorRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** Moderator tokens: shown once at creation, stored only as a sha256 hash. */
export class ModeratorRepository {
  constructor(private readonly db: Database) {}

  async create(
    name: string,
    role: Role,
    actor: string,
  ): Promise<{ moderator: ModeratorRecord; token: string }> {
    const token = `cm_${randomBytes(32).toString('base64url')}`;
    const row = await this.db.$transaction(async (tx) => {
      const created = await tx.moderator.create({
        data: { name, role: role === 'admin' ? 'ADMIN' : 'MODERATOR', tokenHash: hashToken(token) },
      });
      await recordEvent(tx, {
        type: 'moderator.created',
        actor,
        targetType: 'moderator',
        targetId: created.id,
        data: { name, role },
      });
      return created;
    });
    return { moderator: toRecord(row), token };
  }

  async findByToken(token: string): Promise<ModeratorRecord | null> {
    const row = await this.db.moderator.findUnique({ where: { tokenHash: hashToken(token) } });
    return row && !row.revokedAt ? toRecord(row) : null;
  }

  /** Display names of these moderator ids (revoked ones included); unknown ids are left out. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const uuids = [...new Set(ids)].filter((id) => UUID.test(id));
    if (uuids.length === 0) return new Map();
    const rows = await this.db.moderator.findMany({
      where: { id: { in: uuids } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Revokes a token; returns null for an unknown id. Revoking twice is harmless. */
  async revoke(id: string, actor: string): Promise<ModeratorRecord | null> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.moderator.findUnique({ where: { id } });
      if (!row) return null;
      if (row.revokedAt) return toRecord(row);
      const updated = await tx.moderator.update({ where: { id }, data: { revokedAt: new Date() } });
      await recordEvent(tx, {
        type: 'moderator.revoked',
        actor,
        targetType: 'moderator',
        targetId: id,
        data: { name: row.name },
      });
      return toRecord(updated);
    });
  }
}

function toRecord(row: {
  id: string;
  name: string;
  role: 'ADMIN' | 'MODERATOR';
  createdAt: Date;
  revokedAt: Date | null;
}): ModeratorRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role === 'ADMIN' ? 'admin' : 'moderator',
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
