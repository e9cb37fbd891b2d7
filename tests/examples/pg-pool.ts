// docs/use-in-your-tool.md: a pg.Pool whose every connection keeps the mode.
import pg from 'pg';
import { configure, diagnose } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';

export async function pgPoolExample(url: string, caFile: string): Promise<number> {
  const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url, mode: 'verify-identity', caFile });
  const pool = new pg.Pool({ ...cfg.options, max: 5 });
  // A pool that later cannot reconnect (server down, certificate changed) says why, as connect() would.
  pool.on('error', (error) => console.error(diagnose(postgresEngine, error, cfg).summary));
  try {
    const { rows } = await pool.query<{ n: number }>('SELECT 1 AS n');
    return rows[0]!.n;
  } finally {
    await pool.end();
  }
}
