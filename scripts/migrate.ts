// `npm run migrate`: applies prisma/migrations to DATABASE_URL (docker-compose's one-shot job).
import { envSchemas, loadConfigOrExit, parseEnv } from '@cm/contracts';
import { applyMigrations, ArticleRepository, createDatabase, ensureSeedArticle } from '@cm/db';
import { z } from 'zod';

const config = loadConfigOrExit(() =>
  parseEnv(z.object({ DATABASE_URL: envSchemas.postgresUrl, SEED: envSchemas.bool.default(true) })),
);
const { applied } = await applyMigrations(config.DATABASE_URL);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
if (config.SEED) {
  const db = createDatabase(config.DATABASE_URL, { poolSize: 1 });
  await ensureSeedArticle(new ArticleRepository(db));
  await db.$disconnect();
}
