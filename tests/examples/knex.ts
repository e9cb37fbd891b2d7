// docs/use-in-your-tool.md: Knex with the connection from configure() (Knex builds a pg.Client per pooled connection from it).
import knexFactory from 'knex';
import { configure } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';

export async function knexExample(url: string, caFile: string): Promise<number> {
  const cfg = await configure(postgresEngine, { url, mode: 'verify-identity', caFile });
  const knex = knexFactory({ client: 'pg', connection: cfg.options, pool: { min: 0, max: 5 } });
  try {
    const result = await knex.raw<{ rows: { n: number }[] }>('SELECT 1 AS n');
    return result.rows[0]!.n;
  } finally {
    await knex.destroy();
  }
}
