import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { applyMigrations, createDatabase, MIGRATIONS_DIR } from '@cm/db';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { diffSchemas } from '../../scripts/prisma-diff.ts';
import { withDatabase } from '../support/global-setup.ts';

const SCHEMA = new URL('../../prisma/schema.prisma', import.meta.url).pathname;

async function emptyDatabase(): Promise<string> {
  const name = `cm_empty_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return withDatabase(inject('postgresAdminUrl'), name);
}

test('migrations apply to an empty database, are recorded as Prisma records them, and applying again changes nothing', async () => {
  const url = await emptyDatabase();
  const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  expect(names.length).toBeGreaterThan(0);
  expect((await applyMigrations(url)).applied).toEqual(names);
  expect((await applyMigrations(url)).applied).toEqual([]);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = (
    await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    )
  ).rows;
  await client.end();
  for (const [i, name] of names.entries()) {
    const sql = await readFile(join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8');
    expect(rows[i]).toMatchObject({
      migration_name: name,
      checksum: createHash('sha256').update(sql).digest('hex'),
      finished_at: expect.any(Date),
      applied_steps_count: 1,
    });
  }
});

test('every model in the schema works through the Prisma client on the migrated database', async () => {
  const url = await emptyDatabase();
  await applyMigrations(url);
  const db = createDatabase(url, { poolSize: 2 });
  try {
    await db.article.create({
      data: { id: 'a1', title: 'عنوان', url: 'https://x.example', body: 'فقرة' },
    });
    const comment = await db.comment.create({
      data: {
        id: '11111111-1111-4111-8111-111111111111',
        articleId: 'a1',
        body: 'نص',
        authorName: 'n',
        authorEmail: null,
        authorKey: 'k',
        status: 'PENDING',
        createdAt: new Date(),
        decidedAt: new Date(),
      },
    });
    await db.comment.create({
      data: {
        ...comment,
        id: '22222222-2222-4222-8222-222222222222',
        parentId: comment.id,
        status: 'APPROVED',
      },
    });
    await db.decision.create({
      data: {
        commentId: comment.id,
        action: 'HOLD',
        decidedBy: 'system',
        findings: [{ rule: 'x' }],
        policyVersion: 1,
      },
    });
    await db.moderator.create({ data: { name: 'm', role: 'ADMIN', tokenHash: 'h' } });
    await db.moderationEvent.create({
      data: { actor: 'a', type: 'b', targetType: 'c', targetId: 'd', data: { ok: true } },
    });
    const loaded = await db.comment.findUniqueOrThrow({
      where: { id: comment.id },
      include: { replies: true, decisions: true, article: true },
    });
    expect(loaded).toMatchObject({
      article: { language: 'ar', commentsOpen: true },
      replies: [{ status: 'APPROVED' }],
      decisions: [{ action: 'HOLD', findings: [{ rule: 'x' }] }],
    });
    expect(await db.moderator.count()).toBe(1);
    expect(await db.moderationEvent.count()).toBe(1);
  } finally {
    await db.$disconnect();
  }
});

/**
 * What a database looks like to Prisma, read from Postgres' catalogs: tables, columns (type,
 * length, precision, nullability, default), indexes, constraints (primary, unique, foreign keys
 * with their actions, checks, not-null) and enums. Column and enum-value order is left out, as
 * Prisma leaves it out: a migration appends what the schema may list in the middle.
 */
async function describeDatabase(
  url: string,
): Promise<Record<'tables' | 'columns' | 'indexes' | 'constraints' | 'enums', string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = async (sql: string) =>
    (await client.query(sql)).rows.map((row) => Object.values(row).map(String).join(' | '));
  try {
    return {
      tables: await rows(`SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`),
      columns:
        await rows(`SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision,
          numeric_scale, datetime_precision, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`),
      indexes: await rows(`SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      constraints:
        await rows(`SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.conrelid <> 0 AND c.conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`),
      enums: await rows(`SELECT t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumlabel)
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY 1 ORDER BY 1`),
    };
  } finally {
    await client.end();
  }
}

test('the migrations build exactly the database prisma/schema.prisma describes (a schema change without its migration fails here)', async () => {
  const migrated = await emptyDatabase();
  await applyMigrations(migrated);

  // The same database built straight from schema.prisma by Prisma's own engine.
  const { sql } = await diffSchemas({ to: SCHEMA, databaseUrl: inject('postgresAdminUrl') });
  const described = await emptyDatabase();
  const client = new pg.Client({ connectionString: described });
  await client.connect();
  await client.query(sql);
  await client.end();

  const expected = await describeDatabase(described);
  expect(expected.tables.length).toBeGreaterThan(0);
  expect(await describeDatabase(migrated)).toEqual(expected);
});
