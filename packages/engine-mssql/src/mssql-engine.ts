import type * as net from 'node:net';
import { defineEngine, errorChain, importDriver, type DiagnosisHint, type EngineConnectContext, type EngineConnectResult, type EngineDefinition } from '@dbtls/core';
import { configureMssql } from './mssql-configure.js';
import { negotiateTds, negotiateTdsStrict, type NegotiatedTds } from './mssql-negotiate.js';
import { MSSQL_ERROR_PATTERNS } from './mssql-patterns.js';
import { readMssqlConnectionString } from './mssql-reading.js';
import { mssqlDriverOptions } from './mssql-ssl.js';
import { MSSQL_TARGETS } from './mssql-targets.js';
import { MSSQL_DEFAULT_PORT, parseMssqlUrl, type MssqlTarget } from './mssql-url.js';
import { mssqlProbe } from './mssql-probe.js';

type Tedious = typeof import('tedious');

const FALLBACK = {
  capability: 'native' as const,
  how: 'One connection, like FreeTDS encryption = request: dbtls sends PRELOGIN with ENCRYPTION ON and goes on in plain text on the same connection only when the server answers ENCRYPT_NOT_SUP; any TLS, certificate or login error is reported, never retried.',
};

async function loadTedious(): Promise<Tedious> {
  const mod = await importDriver<Tedious & { default?: Tedious }>('tedious', 'SQL Server', () => import('tedious'));
  return (mod.Connection ? mod : mod.default) as Tedious;
}

/** Runs one batch and returns the first column of the first row. */
function queryScalar(tedious: Tedious, connection: InstanceType<Tedious['Connection']>, sql: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let value: unknown = null;
    const request = new tedious.Request(sql, (error) => (error ? reject(error) : resolve(value)));
    request.on('row', (columns: { value: unknown }[]) => {
      if (value === null) value = columns[0]?.value ?? null;
    });
    connection.execSqlBatch(request);
  });
}

/** Connects with tedious over dbtls's negotiated TDS transport, runs `SELECT @@VERSION`, closes. */
async function connectMssql(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as MssqlTarget;
  const tedious = await loadTedious();
  let negotiated: NegotiatedTds | undefined;
  let strict = target.strict === true;
  if (strict && ctx.tls.mode === 'disabled') {
    strict = false;
    ctx.warn(`The string asks for TDS 8 strict encryption (${target.sources?.strict ?? 'encrypt=strict'}), but the mode is "disabled": TDS 7.x without TLS is used.`);
  } else if (strict && ctx.tls.mode === 'preferred') {
    ctx.warn('TDS 8 strict encryption has no plain fallback: "preferred" behaves as "required" here.');
  }
  const connection = new tedious.Connection({
    server: target.host,
    authentication: { type: 'default', options: { userName: target.login.userName ?? '', password: target.login.password ?? '' } },
    options: {
      port: target.port,
      ...(target.login.database ? { database: target.login.database } : {}),
      appName: target.login.appName ?? 'dbtls',
      // dbtls has already negotiated (and, where the mode says so, encrypted) the
      // connection; tedious must not negotiate again on top of it.
      encrypt: false,
      trustServerCertificate: false,
      connectTimeout: ctx.timeoutMs,
      requestTimeout: ctx.timeoutMs,
      connector: async () => {
        negotiated = strict ? await negotiateTdsStrict(target.host, target.port, ctx.tls, ctx.signal) : await negotiateTds(target.host, target.port, ctx.tls, ctx.signal);
        return negotiated.transport as unknown as net.Socket;
      },
    },
  });
  const onAbort = () => {
    connection.close();
    negotiated?.transport.destroy();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    const version = await queryScalar(tedious, connection, 'SELECT @@VERSION');
    const done = new Promise<void>((resolve) => connection.once('end', () => resolve()));
    connection.close();
    await done;
    if (!negotiated) throw new Error('tedious connected without calling the dbtls connector');
    if (ctx.tls.mode === 'disabled') {
      ctx.warn(`The server answered ENCRYPT_${negotiated.answer} to PRELOGIN: nothing was encrypted, login packet (user name, XOR-obfuscated password) included.`);
    }
    const firstLine = typeof version === 'string' ? version.split('\n')[0]!.trim() : null;
    return { encrypted: negotiated.encrypted, fellBack: negotiated.fellBack, tls: negotiated.tls, serverVersion: firstLine || negotiated.serverVersion };
  } catch (error) {
    connection.close();
    negotiated?.transport.destroy();
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** A server that answers ENCRYPT_OFF to a request for encryption offers login-only encryption: no mode but disabled connects. */
function diagnoseMssql(error: unknown): DiagnosisHint | undefined {
  const source = errorChain(error).find((e) => (e as { serverEncryption?: string })?.serverEncryption === 'OFF');
  if (!source) return undefined;
  return {
    cause: 'server-lacks-tls',
    recommendedMode: 'disabled',
    summary: 'The SQL Server server offers to encrypt the login packet only (it answered ENCRYPT_OFF to a request for encryption).',
    note: 'MS-TDS says a client that asked for encryption ends the connection on this answer, and no dbtls mode encrypts the login only: "disabled" connects without any TLS. A SQL Server answers ON here whenever it has a certificate; check what is listening on this port.',
    source,
  };
}

/**
 * Microsoft SQL Server over TDS (schemes `mssql:`, `sqlserver:`; port 1433;
 * default `preferred`; driver tedious).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * const result = await connect(mssqlEngine, { url: 'sqlserver://app:pw@db.example.com/app', mode: 'verify-identity', caFile: 'ca.pem' });
 * ```
 */
export const mssqlEngine: EngineDefinition = defineEngine({
  id: 'mssql',
  displayName: 'SQL Server',
  probe: mssqlProbe,
  schemes: ['mssql', 'sqlserver'],
  aliases: ['sqlserver', 'tds'],
  defaultPort: MSSQL_DEFAULT_PORT,
  defaultMode: 'preferred',
  fallback: FALLBACK,
  guidance:
    'SQL Server negotiates TLS in the TDS PRELOGIN exchange on the normal port (1433), or, with TDS 8 strict encryption (Encrypt=Strict), starts TLS first with ALPN tds/8.0: the server answers that encryption is not supported, off, on or required (Force Encryption). Every SQL Server since 2005 can encrypt (with a self-signed certificate if none is configured), so "required" usually works; for verify-identity install a certificate naming the host and pass its CA with --ca. TDS 7.x carries TLS 1.2 at most (TDS 8 strict allows TLS 1.3); client certificates do not exist in TDS 7.x.',
  drivers: ['tedious'],
  errorPatterns: MSSQL_ERROR_PATTERNS,
  parseUrl: parseMssqlUrl,
  driverOptions: mssqlDriverOptions,
  connect: connectMssql,
  configure: configureMssql,
  diagnose: diagnoseMssql,
  readConnectionString: (input) => readMssqlConnectionString(mssqlEngine, input),
  translateTargets: MSSQL_TARGETS,
});

/** The SQL Server engine, for `createRegistry`. */
export const engines: readonly EngineDefinition[] = [mssqlEngine];
