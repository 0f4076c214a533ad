import { createHash, randomBytes } from 'node:crypto';
import type { Database } from './client.ts';

export type Role = 'moderator' | 'admin';

export interface ModeratorDto {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Moderator tokens: shown once at creation, stored only as a sha256 hash. */
export class ModeratorRepository {
  constructor(private readonly db: Database) {}

  async create(name: string, role: Role, actor: string): Promise<{ moderator: ModeratorDto; token: string }> {
    const token = `cm_${randomBytes(32).toString('base64url')}`;
    const row = await this.db.$transaction(async (tx) => {
      const created = await tx.moderator.create({
        data: { name, role: role === 'admin' ? 'ADMIN' : 'MODERATOR', tokenHash: hashToken(token) },
      });
      await tx.auditEvent.create({
        data: { actor, action: 'moderator.created', targetType: 'moderator', targetId: created.id, data: { name, role } },
      });
      return created;
    });
    return { moderator: toDto(row), token };
  }

  async findByToken(token: string): Promise<ModeratorDto | null> {
    const row = await this.db.moderator.findUnique({ where: { tokenHash: hashToken(token) } });
    return row && !row.revokedAt ? toDto(row) : null;
  }

  /** Revokes a token; returns null for an unknown id. Revoking twice is harmless. */
  async revoke(id: string, actor: string): Promise<ModeratorDto | null> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.moderator.findUnique({ where: { id } });
      if (!row) return null;
      if (row.revokedAt) return toDto(row);
      const updated = await tx.moderator.update({ where: { id }, data: { revokedAt: new Date() } });
      await tx.auditEvent.create({
        data: { actor, action: 'moderator.revoked', targetType: 'moderator', targetId: id, data: {} },
      });
      return toDto(updated);
    });
  }
}

function toDto(row: { id: string; name: string; role: 'ADMIN' | 'MODERATOR'; createdAt: Date; revokedAt: Date | null }): ModeratorDto {
  return {
    id: row.id,
    name: row.name,
    role: row.role === 'ADMIN' ? 'admin' : 'moderator',
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
