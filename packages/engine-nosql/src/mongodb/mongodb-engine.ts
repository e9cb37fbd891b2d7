import type { TLSSocket } from 'node:tls';
import { MONGODB_TARGET, readMongodbConnectionString } from './mongodb-reading.js';
import { defineEngine, importDriver, tlsReportFromSocket, type EngineConnectContext, type EngineConnectResult, type EngineDefinition, type TlsReport } from '@dbtls/core';
import { configureMongodb } from './mongodb-configure.js';
import type { MongoClient as MongoClientType, MongoClientOptions } from 'mongodb';
import { diagnoseChain } from '../tls-probe/diagnose-chain.js';
import { explainPlainFailure, looksLikeDroppedConnection, probeTls, remaining } from '../tls-probe/tls-probe.js';
import { answeredInPlainText, lacksTlsOnlyIfAnswered, MONGODB_QUESTION } from '../plain-port/plain-answer.js';
import { isDriverInstalled } from '../driver-available/driver-available.js';
import { writeTempPemFile, type TempPemFile } from '../tls-files/temp-pem-file.js';
import { MONGODB_ERROR_PATTERNS } from './mongodb-patterns.js';
import { mongodbDriverOptions, mongodbSecureContext, mongodbTlsOptions } from './mongodb-ssl.js';
import { MONGODB_DEFAULT_PORT, parseMongodbUrl, type MongodbTarget } from './mongodb-url.js';
import { directTlsProbe, srvTarget } from '../tls-probe/direct-tls-probe.js';

interface DescriptionEvent {
  newDescription?: { servers?: Map<string, { error?: unknown }> };
}

/** Finds the TLS socket the driver used, in its connection pool (or monitor). */
function driverTlsSocket(client: MongoClientType): TLSSocket | undefined {
  const topology = (client as unknown as { topology?: { s?: { servers?: Map<string, unknown> } } }).topology;
  const isTls = (s: unknown): s is TLSSocket => Boolean(s && typeof (s as TLSSocket).getPeerX509Certificate === 'function' && (s as TLSSocket).encrypted);
  for (const server of topology?.s?.servers?.values() ?? []) {
    const pool = (server as { pool?: { connections?: Iterable<{ socket?: unknown }> } }).pool;
    for (const connection of pool?.connections ?? []) if (isTls(connection.socket)) return connection.socket;
    const monitorSocket = (server as { monitor?: { connection?: { socket?: unknown } } }).monitor?.connection?.socket;
    if (isTls(monitorSocket)) return monitorSocket;
  }
  return undefined;
}

async function connectMongodb(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as MongodbTarget;
  const deadline = Date.now() + ctx.timeoutMs;
  const mode = ctx.tls.mode;
  if (target.srv && mode === 'disabled') ctx.warn('mongodb+srv:// normally turns TLS on: with "disabled" the connection is unencrypted.');
  const { MongoClient } = await importDriver('mongodb', 'MongoDB', () => import('mongodb'));

  let temp: TempPemFile | undefined;
  let certificateKeyFile: string | undefined;
  const material = ctx.tls;
  if (mode !== 'disabled' && material.cert && !material.minVersion) {
    if (material.files.cert && material.files.cert === material.files.key) certificateKeyFile = material.files.cert;
    else {
      temp = writeTempPemFile('client-cert-key', [material.cert, material.key!]);
      certificateKeyFile = temp.path;
    }
  }
  const tlsOptions = mongodbTlsOptions(mode, {
    ...(material.files.ca ? { caFile: material.files.ca } : {}),
    ...(certificateKeyFile ? { certificateKeyFile } : {}),
    ...(material.passphrase !== undefined ? { passphrase: material.passphrase } : {}),
    ...(material.servername ? { servername: material.servername } : {}),
    ...(material.minVersion && mode !== 'disabled' ? { secureContext: mongodbSecureContext(material) } : {}),
  });
  const options: MongoClientOptions = {
    ...(tlsOptions as MongoClientOptions),
    serverSelectionTimeoutMS: ctx.timeoutMs,
    connectTimeoutMS: ctx.timeoutMs,
    socketTimeoutMS: ctx.timeoutMs,
    maxPoolSize: 1,
    appName: 'dbtls',
  };
  const client = new MongoClient(target.driverUrl, options);
  const failures = new Map<string, unknown>();
  let failFast!: (error: unknown) => void;
  const failed = new Promise<never>((_, reject) => (failFast = reject));
  failed.catch(() => undefined);
  // The driver reports a failure only after serverSelectionTimeoutMS; fail as
  // soon as every known server has reported an error instead.
  client.on('topologyDescriptionChanged', (event: DescriptionEvent) => {
    const servers = event.newDescription?.servers;
    if (!servers || servers.size === 0) return;
    for (const [address, description] of servers) if (description.error) failures.set(address, description.error);
    if ([...servers.keys()].every((address) => failures.has(address))) failFast(failures.values().next().value);
  });
  const onAbort = () => void client.close().catch(() => undefined);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([client.connect(), failed]);
    const admin = client.db('admin');
    await Promise.race([admin.command({ hello: 1 }), failed]);
    await Promise.race([admin.command({ ping: 1 }), failed]);
    let serverVersion: string | null = null;
    try {
      const info = await admin.command({ buildInfo: 1 });
      serverVersion = typeof info.version === 'string' ? `MongoDB ${info.version}` : null;
    } catch {
      serverVersion = null;
    }
    let tls: TlsReport | null = null;
    if (mode !== 'disabled') {
      const socket = driverTlsSocket(client);
      if (socket) tls = tlsReportFromSocket(socket);
      else {
        const probe = await probeTls(target.host, target.port, material, { timeoutMs: remaining(deadline), signal: ctx.signal });
        tls = probe.report;
        ctx.warn('The TLS details come from a second connection to the first host: the driver did not expose its socket.');
      }
    }
    await client.close();
    return { encrypted: mode !== 'disabled', fellBack: false, tls, serverVersion };
  } catch (error) {
    await client.close().catch(() => undefined);
    if (mode === 'disabled' && !ctx.signal.aborted && !target.srv) {
      throw await explainPlainFailure(error, target.host, target.port, { timeoutMs: Math.min(2000, remaining(deadline)), signal: ctx.signal });
    }
    if (mode !== 'disabled' && !ctx.signal.aborted && !target.srv && looksLikeDroppedConnection(error) && !answeredInPlainText(error)) {
      // The TLS connection was cut off or never answered: server-lacks-tls only if the port answers a plain hello.
      throw await lacksTlsOnlyIfAnswered(error, target.host, target.port, MONGODB_QUESTION, { timeoutMs: Math.min(1000, remaining(deadline)), signal: ctx.signal });
    }
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    temp?.remove();
  }
}

/** Errors the driver keeps out of the `cause` chain: the per-server errors of a selection failure. */
function unwrapMongodb(error: unknown): unknown[] {
  const servers = (error as { reason?: { servers?: Map<string, { error?: unknown }> } })?.reason?.servers;
  if (!(servers instanceof Map)) return [];
  return [...servers.values()].map((s) => s.error).filter(Boolean);
}

/**
 * MongoDB through the `mongodb` driver (schemes `mongodb:`, `mongodb+srv:`;
 * port 27017; default `disabled`, as the driver; no fallback).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { mongodbEngine } from '@dbtls/engine-nosql/mongodb';
 * const result = await connect(mongodbEngine, { url: 'mongodb://localhost:27017/', mode: 'verify-identity', caFile: 'ca.pem' });
 * ```
 */
export const mongodbEngine: EngineDefinition = defineEngine({
  id: 'mongodb',
  probe: directTlsProbe({ resolve: srvTarget }),
  displayName: 'MongoDB',
  schemes: ['mongodb', 'mongodb+srv'],
  aliases: ['mongo'],
  defaultPort: MONGODB_DEFAULT_PORT,
  defaultMode: 'disabled',
  fallback: {
    capability: 'none',
    how: 'The driver never falls back: with tls=true a server without TLS just closes the connection, indistinguishable from other failures, so "preferred" behaves as "required".',
  },
  guidance:
    'mongod/mongos serve TLS on the normal port (net.tls.mode requireTLS, or allowTLS/preferTLS for both). mongodb+srv:// (Atlas) turns TLS on by itself. Use verify-identity with the cluster CA (--ca / tlsCAFile) and the host names of the seed list; client certificates (MONGODB-X509) are given with --cert/--key, joined for the driver into one private temporary file.',
  drivers: ['mongodb'],
  errorPatterns: MONGODB_ERROR_PATTERNS,
  readConnectionString: (input) => readMongodbConnectionString(mongodbEngine, input),
  translateTargets: [MONGODB_TARGET],
  parseUrl: parseMongodbUrl,
  driverOptions: mongodbDriverOptions,
  connect: connectMongodb,
  configure: configureMongodb,
  unwrapError: unwrapMongodb,
  diagnose: (error, context) => diagnoseChain(error, context, MONGODB_ERROR_PATTERNS, unwrapMongodb),
  isAvailable: () => isDriverInstalled('mongodb'),
});
