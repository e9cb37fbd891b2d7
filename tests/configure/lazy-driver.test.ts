/** Nothing of a driver is imported before configure() or open() is called (traced with a module resolve hook). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/cli.js';

const SCRATCH = join(ROOT, 'tests', '.tmp', 'configure');
const SCRIPT = `
import { appendFileSync } from 'node:fs';
const mark = (m) => appendFileSync(process.env.DBTLS_TRACE_FILE, 'MARK ' + m + '\\n');
const core = await import('@dbtls/core');
const { postgresEngine } = await import('@dbtls/engine-postgres');
const { mysql } = await import('@dbtls/engine-mysql');
const { mssqlEngine } = await import('@dbtls/engine-mssql');
const nosql = await import('@dbtls/engine-nosql');
await import('@dbtls/engine-embedded');
mark('imported');
await core.configure(postgresEngine, { url: 'postgres://u:p@127.0.0.1:1/db', mode: 'verify-identity' });
await core.configure(mysql, { url: 'mysql://u:p@127.0.0.1:1/db', mode: 'required' });
await core.configure(mssqlEngine, { url: 'sqlserver://u:p@127.0.0.1:1/db', mode: 'required' });
await core.configure(nosql.redisEngine, { url: 'rediss://127.0.0.1:1', mode: 'required' });
await core.configure(nosql.mongodbEngine, { url: 'mongodb://127.0.0.1:1/db', mode: 'required' });
await core.configure(nosql.cassandraEngine, { url: 'cassandra://127.0.0.1:1/', mode: 'required' });
await core.configure(nosql.clickhouseEngine, { url: 'https://127.0.0.1:1', mode: 'required' });
mark('configured');
const opened = await core.open(postgresEngine, { url: 'postgres://u:p@127.0.0.1:1/db', mode: 'required', timeoutMs: 1000 });
mark('opened ' + opened.ok + ' ' + (opened.ok ? '' : opened.diagnosis.cause));
`;

describe('drivers load lazily', () => {
  it('importing every engine and configure() import no driver; open() imports the one it needs', () => {
    mkdirSync(SCRATCH, { recursive: true });
    const script = join(SCRATCH, 'lazy-driver.mjs');
    const trace = join(SCRATCH, `lazy-trace-${process.pid}.txt`);
    writeFileSync(script, SCRIPT);
    writeFileSync(trace, '');
    const run = spawnSync(process.execPath, ['--import', join(ROOT, 'tests', 'fixtures', 'trace-driver-imports.mjs'), script], { cwd: join(ROOT, 'tests'), env: { ...process.env, DBTLS_TRACE_FILE: trace }, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).not.toMatch(/Error/);
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    const configured = lines.indexOf('MARK configured');
    expect(lines.indexOf('MARK imported')).toBe(0);
    expect(configured).toBe(1);
    expect(lines.slice(configured + 1, -1)).toEqual(['DRIVER-IMPORT pg']);
    expect(lines.at(-1)).toBe('MARK opened false network-error');
  });
});
