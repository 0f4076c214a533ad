import { InvalidCursor } from '@cm/contracts';

/** Keyset cursor over (createdAt, id): stable under inserts, unlike offsets. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString(
    'base64url',
  );
}

export function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      const createdAt = new Date(value[0]);
      if (!Number.isNaN(createdAt.getTime()) && /^[0-9a-f-]{36}$/i.test(value[1]))
        return { createdAt, id: value[1] };
    }
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw new InvalidCursor();
}

/** Prisma `where` for rows strictly after the cursor in the given order. */
export function afterCursor(cursor: Cursor | undefined, order: 'asc' | 'desc') {
  if (!cursor) return {};
  const op = order === 'desc' ? 'lt' : 'gt';
  return {
    OR: [
      { createdAt: { [op]: cursor.createdAt } },
      { createdAt: cursor.createdAt, id: { [op]: cursor.id } },
    ],
  };
}
