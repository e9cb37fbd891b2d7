// docs/use-in-your-tool.md: a mysql2 pool whose every connection keeps the mode.
import mysql from 'mysql2/promise';
import { configure } from '@dbtls/core';
import { mariadb } from '@dbtls/engine-mysql';

export async function mysql2PoolExample(url: string, caFile: string): Promise<number> {
  const cfg = await configure<[mysql.PoolOptions], mysql.PoolOptions>(mariadb, { url, mode: 'verify-identity', caFile });
  const pool = mysql.createPool({ ...cfg.options, connectionLimit: 5 });
  try {
    const [rows] = await pool.query<mysql.RowDataPacket[]>('SELECT 1 AS n');
    return Number(rows[0]!.n);
  } finally {
    await pool.end();
  }
}
