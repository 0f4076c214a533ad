import { InvalidCursor } from '@cm/contracts';
import { describe, expect, test } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

const crafted = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
const ID = '00000000-0000-4000-8000-000000000000';

describe('thread cursors', () => {
  test('a cursor the API handed out decodes to the same position', () => {
    const position = { createdAt: new Date('2026-12-02T10:00:00.123Z'), id: ID };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  test.each([
    ['an id of 36 dashes', crafted('2026-01-01T00:00:00Z', '-'.repeat(36))],
    ['a year before Postgres time', crafted('-271821-04-20T00:00:00Z', ID)],
    ['a year after Postgres time', crafted('+275760-09-13T00:00:00Z', ID)],
    ['three members', Buffer.from('["a","b","c"]').toString('base64url')],
    ['not base64 JSON', 'garbage'],
  ])('%s is an InvalidCursor, never a database error', (_story, raw) => {
    expect(() => decodeCursor(raw)).toThrow(InvalidCursor);
  });
});
