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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
      // Only positions a row can have: Postgres refuses a malformed uuid or a year outside
      // its range with an error, which must be the caller's 400, not our 500.
      const year = createdAt.getUTCFullYear();
      if (year >= 1 && year <= 9999 && UUID.test(value[1])) return { createdAt, id: value[1] };
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
