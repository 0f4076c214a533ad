import { applyMigrations } from '@cm/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startTestServices } from './services.ts';

export const TEMPLATE_DATABASE = 'cm_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    redisUrl: string;
  }
}

/** Starts Postgres and Redis once for the e2e project and migrates a template database. */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const services = await startTestServices();
  const admin = new pg.Client({ connectionString: services.postgresAdminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await applyMigrations(withDatabase(services.postgresAdminUrl, TEMPLATE_DATABASE));
  console.log(`[e2e] services: ${services.kind}; ready and migrated in ${Date.now() - started} ms`);
  project.provide('postgresAdminUrl', services.postgresAdminUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  project.provide('redisUrl', services.redisUrl);
  return async () => {
    await services.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
