import type { TLSSocket } from 'node:tls';
import { readCassandraConnectionString } from './cassandra-reading.js';
import { defineEngine, importDriver, tlsReportFromSocket, type EngineConnectContext, type EngineConnectResult, type EngineDefinition } from '@dbtls/core';
import { configureCassandra } from './cassandra-configure.js';
import { isDriverInstalled } from '../driver-available/driver-available.js';
import { diagnoseChain } from '../tls-probe/diagnose-chain.js';
import { explainPlainFailure, remaining } from '../tls-probe/tls-probe.js';
import { CASSANDRA_ERROR_PATTERNS } from './cassandra-patterns.js';
import { cassandraDriverOptions, cassandraSslOptions } from './cassandra-ssl.js';
import { CASSANDRA_DEFAULT_PORT, parseCassandraUrl, type CassandraTarget } from './cassandra-url.js';
import { directTlsProbe } from '../tls-probe/direct-tls-probe.js';

type CassandraModule = typeof import('cassandra-driver');

/** The TLS socket of the driver's control connection (or of a pooled connection). */
function driverTlsSocket(client: unknown): TLSSocket | undefined {
  const isTls = (s: unknown): s is TLSSocket => Boolean(s && typeof (s as TLSSocket).getPeerX509Certificate === 'function' && (s as TLSSocket).encrypted);
  const c = client as { controlConnection?: { connection?: { netClient?: unknown } }; hosts?: { values(): Iterable<{ pool?: { connections?: { netClient?: unknown }[] } }> } };
  const control = c.controlConnection?.connection?.netClient;
  if (isTls(control)) return control;
  for (const host of c.hosts?.values() ?? []) for (const connection of host.pool?.connections ?? []) if (isTls(connection.netClient)) return connection.netClient;
  return undefined;
}

async function connectCassandra(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as CassandraTarget;
  const deadline = Date.now() + ctx.timeoutMs;
  const loaded = await importDriver<CassandraModule>('cassandra-driver', 'Cassandra', () => import('cassandra-driver'));
  const cassandra = ((loaded as unknown as { default?: CassandraModule }).default ?? loaded) as CassandraModule;
  const sslOptions = cassandraSslOptions(ctx.tls, target.host);
  // When a server closes the connection before answering STARTUP (a TLS-only
  // port reached in plain text), the driver logs the close but leaves STARTUP
  // pending until readTimeout. The driver calls its log emitter as a method of
  // the connection, so this client's emitter can fail that connection's
  // pending requests at once (protocol downgrades, which also close, are told
  // apart by the log line before them).
  let connecting = true;
  let downgrading = false;
  const logEmitter = function (this: unknown, _event: string, _level: string, _className: string, message: unknown): void {
    if (typeof message !== 'string') return;
    if (/not supported, using|downgrading/i.test(message)) downgrading = true;
    else if (/^(Connecting to|Trying to use protocol version)/.test(message)) downgrading = false;
    else if (connecting && !downgrading && /^Connection to \S+ closed$/.test(message)) {
      const connection = this as { clearAndInvokePending?: (error: Error) => void } | undefined;
      connection?.clearAndInvokePending?.(Object.assign(new Error(`${message} by the server before it answered STARTUP.`), { code: 'ECONNRESET' }));
    }
  };
  const clientOptions = {
    logEmitter,
    contactPoints: target.contactPoints,
    protocolOptions: { port: target.port },
    ...(target.localDataCenter
      ? { localDataCenter: target.localDataCenter }
      : { policies: { loadBalancing: new cassandra.policies.loadBalancing.RoundRobinPolicy() } }),
    ...(sslOptions ? { sslOptions } : {}),
    ...(target.user ? { credentials: { username: target.user, password: target.password ?? '' } } : {}),
    ...(target.database ? { keyspace: target.database } : {}),
    socketOptions: { connectTimeout: ctx.timeoutMs, readTimeout: ctx.timeoutMs },
    isMetadataSyncEnabled: false,
    pooling: { warmup: false },
  };
  // logEmitter is read by the driver but missing from its typings.
  const client = new cassandra.Client(clientOptions as unknown as ConstructorParameters<CassandraModule['Client']>[0]);
  const onAbort = () => void client.shutdown().catch(() => undefined);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    connecting = false;
    const rs = await client.execute("SELECT release_version FROM system.local WHERE key='local'");
    const version = rs.first()?.get('release_version');
    const socket = sslOptions ? driverTlsSocket(client) : undefined;
    const tls = socket ? tlsReportFromSocket(socket) : null;
    if (sslOptions && !socket) ctx.warn('The driver did not expose its TLS socket: no TLS details are available.');
    await client.shutdown();
    return { encrypted: Boolean(sslOptions), fellBack: false, tls, serverVersion: version ? `Cassandra ${version}` : null };
  } catch (error) {
    await client.shutdown().catch(() => undefined);
    if (!sslOptions && !ctx.signal.aborted) {
      throw await explainPlainFailure(error, target.host, target.port, { timeoutMs: Math.min(2000, remaining(deadline)), signal: ctx.signal });
    }
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** `NoHostAvailableError.innerErrors`: the real error of each host. */
function unwrapCassandra(error: unknown): unknown[] {
  const inner = (error as { innerErrors?: Record<string, unknown> })?.innerErrors;
  return inner && typeof inner === 'object' ? Object.values(inner) : [];
}

/**
 * Apache Cassandra (and ScyllaDB, Astra-compatible native protocol) through
 * `cassandra-driver` (scheme `cassandra:`; port 9042; default `disabled`; no fallback).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { cassandraEngine } from '@dbtls/engine-nosql/cassandra';
 * await connect(cassandraEngine, { url: 'cassandra://localhost:9042/', mode: 'verify-identity', caFile: 'ca.pem' });
 * ```
 */
export const cassandraEngine: EngineDefinition = defineEngine({
  id: 'cassandra',
  probe: directTlsProbe({ tlsPorts: (port) => (port === 9042 ? [9142] : []) }),
  displayName: 'Cassandra',
  schemes: ['cassandra'],
  aliases: ['scylla', 'scylladb', 'cql'],
  defaultPort: CASSANDRA_DEFAULT_PORT,
  defaultMode: 'disabled',
  fallback: {
    capability: 'none',
    how: 'cassandra-driver has no fallback, and a failed TLS attempt cannot be told apart from other failures, so "preferred" behaves as "required".',
  },
  guidance:
    'Cassandra serves TLS on the native port when client_encryption_options.enabled is true (optional: true accepts plain too; require_client_auth asks for client certificates). cassandra-driver validates nothing unless told to: dbtls sets rejectUnauthorized explicitly, and for verify-identity sends the URL host as SNI and checks it (the driver would check the resolved IP). Use host names the node certificates carry.',
  drivers: ['cassandra-driver'],
  errorPatterns: CASSANDRA_ERROR_PATTERNS,
  readConnectionString: (input) => readCassandraConnectionString(cassandraEngine, input),
  parseUrl: parseCassandraUrl,
  driverOptions: cassandraDriverOptions,
  connect: connectCassandra,
  configure: configureCassandra,
  unwrapError: unwrapCassandra,
  diagnose: (error, context) => diagnoseChain(error, context, CASSANDRA_ERROR_PATTERNS, unwrapCassandra),
  isAvailable: () => isDriverInstalled('cassandra-driver'),
});
