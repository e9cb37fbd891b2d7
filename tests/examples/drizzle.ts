// docs/use-in-your-tool.md: Drizzle (node-postgres) over a pg.Pool configured by dbtls.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { configure } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';

export async function drizzleExample(url: string, caFile: string): Promise<number> {
  const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url, mode: 'verify-identity', caFile });
  const pool = new pg.Pool({ ...cfg.options, max: 5 });
  const db = drizzle(pool);
  try {
    const result = await db.execute<{ n: number }>(sql`SELECT 1 AS n`);
    return result.rows[0]!.n;
  } finally {
    await pool.end();
  }
}
