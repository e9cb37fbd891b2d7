// docs/use-in-your-tool.md: a node-mssql pool; every tedious connection goes through dbtls's PRELOGIN/TLS connector.
import sql from 'mssql';
import { configure } from '@dbtls/core';
import { mssqlEngine } from '@dbtls/engine-mssql';

export async function nodeMssqlExample(url: string, caFile: string): Promise<void> {
  const cfg = await configure(mssqlEngine, { url, mode: 'verify-identity', caFile });
  const pool = new sql.ConnectionPool({ ...(cfg.forms.mssql as sql.config), pool: { max: 5 } });
  await pool.connect();
  try {
    await pool.request().batch('SELECT 1');
  } finally {
    await pool.close();
  }
}
