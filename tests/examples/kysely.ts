// docs/use-in-your-tool.md: Kysely over a pg.Pool configured by dbtls.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { configure } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';

export async function kyselyExample(url: string, caFile: string): Promise<number> {
  const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url, mode: 'verify-identity', caFile });
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...cfg.options, max: 5 }) }) });
  try {
    const result = await sql<{ n: number }>`SELECT 1 AS n`.execute(db);
    return result.rows[0]!.n;
  } finally {
    await db.destroy();
  }
}
