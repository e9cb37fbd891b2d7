import type { ClientConfig } from 'pg';
import { defineEngine, importDriver, type DiagnosisHint, type EngineConnectContext, type EngineConnectResult, type EngineDefinition } from '@dbtls/core';
import { configurePostgres } from './postgres-configure.js';
import { negotiatePostgres, NegotiatedStream } from './postgres-negotiate.js';
import { allowsCleartextPassword } from './postgres-auth-guard.js';
import { POSTGRES_ERROR_PATTERNS, POSTGRES_REFUSES_TLS } from './postgres-patterns.js';
import { postgresDriverOptions } from './postgres-ssl.js';
import { directFor, parsePostgresUrl, type PostgresTarget } from './postgres-url.js';
import { readPostgresConnectionString } from './postgres-reading.js';
import { POSTGRES_TARGETS } from './postgres-targets.js';
import { postgresProbe } from './postgres-probe.js';

const FALLBACK = {
  capability: 'native' as const,
  how: 'One connection, as libpq: dbtls sends the SSLRequest itself and goes on in plain text only when the server answers "N" (no TLS); any other failure is reported, never retried.',
};

/** Connects, runs `SELECT version()`, closes. Shared by the whole family. */
async function connectPostgres(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as PostgresTarget;
  const { default: pg } = await importDriver('pg', 'PostgreSQL', () => import('pg'));
  const negotiated = await negotiatePostgres(target.host, target.port, ctx.tls, ctx.signal, { direct: directFor(target, ctx.tls.mode, ctx.warn) });
  if (negotiated.fellBack) ctx.fellBack?.();
  const stream = new NegotiatedStream(negotiated.socket, { allowCleartextPassword: allowsCleartextPassword(target.reading?.options.require_auth) });
  const client = new pg.Client({ ...target.config, ssl: false, stream: () => stream } as ClientConfig);
  client.on('error', () => undefined);
  const onAbort = () => stream.destroy();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    const result = await client.query<{ version: string }>('SELECT version() AS version');
    const full = result.rows[0]?.version ?? '';
    await client.end();
    return {
      encrypted: negotiated.encrypted,
      fellBack: negotiated.fellBack,
      tls: negotiated.tls,
      serverVersion: /^\S+ [\d.]+\S*/.exec(full)?.[0] ?? (full || null),
    };
  } catch (error) {
    stream.destroy();
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

function diagnosePostgres(error: unknown): DiagnosisHint | undefined {
  const message = String((error as Error)?.message ?? '');
  const code = (error as { code?: string })?.code;
  if (code === 'CERT_REVOKED') {
    return {
      cause: 'certificate-untrusted',
      recommendedMode: null,
      summary: 'The server certificate is revoked by the certificate revocation list given.',
      detail: 'The CRL (sslcrl / sslcrldir) lists the certificate the server presented. Do not lower the mode: the server needs a new certificate.',
      source: error,
    };
  }
  if (code === 'DBTLS_PG_NO_DIRECT_SSL') {
    return {
      cause: 'tls-handshake-failed',
      recommendedMode: null,
      summary: 'The server does not accept a direct TLS handshake (sslnegotiation=direct).',
      detail: 'Direct TLS needs PostgreSQL 17 or later, with ALPN "postgresql"; poolers and proxies in front of the server may not pass it on. Remove sslnegotiation=direct to negotiate TLS with the SSLRequest, keeping the same mode.',
      source: error,
    };
  }
  if (POSTGRES_REFUSES_TLS.test(message)) {
    return {
      cause: 'server-lacks-tls',
      recommendedMode: 'disabled',
      summary: 'The server accepts TLS, but its pg_hba.conf admits this host only without encryption (or not at all).',
      note: 'No pg_hba.conf line lets this user and database in over TLS from this host; if a hostnossl line admits it, only "disabled" connects. Ask for a hostssl line to keep the connection encrypted.',
      source: error,
    };
  }
  return undefined;
}

interface FamilyMember {
  id: string;
  displayName: string;
  schemes: readonly string[];
  aliases: readonly string[];
  defaultPort: number;
  guidance: string;
}

function postgresFamilyEngine(member: FamilyMember): EngineDefinition {
  const family = { engine: member.id, displayName: member.displayName, schemes: member.schemes, defaultPort: member.defaultPort, claimsGenericSyntax: member.id === 'postgres' };
  return defineEngine({
    ...member,
    defaultMode: 'preferred',
    fallback: FALLBACK,
    drivers: ['pg'],
    errorPatterns: POSTGRES_ERROR_PATTERNS,
    parseUrl: (url) => parsePostgresUrl(url, member.defaultPort, family),
    driverOptions: postgresDriverOptions,
    connect: connectPostgres,
    configure: configurePostgres,
    diagnose: diagnosePostgres,
    readConnectionString: (input, context) => readPostgresConnectionString(input, context, family),
    translateTargets: POSTGRES_TARGETS,
    probe: postgresProbe,
  });
}

/**
 * PostgreSQL (schemes `postgres:`, `postgresql:`; port 5432; default `preferred`).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * const result = await connect(postgresEngine, { url: 'postgres://app@localhost/app', mode: 'verify-identity', caFile: 'ca.pem' });
 * ```
 */
export const postgresEngine: EngineDefinition = postgresFamilyEngine({
  id: 'postgres',
  displayName: 'PostgreSQL',
  schemes: ['postgres', 'postgresql'],
  aliases: ['postgresql', 'pg'],
  defaultPort: 5432,
  guidance:
    'PostgreSQL negotiates TLS on the normal port (SSLRequest). URL sslmode keeps its libpq meaning. For production use verify-identity with the server CA (sslrootcert / --ca); pg_hba.conf decides per host whether TLS is required (hostssl), refused (hostnossl) and whether a client certificate is needed (clientcert=verify-ca|verify-full, or the cert method).',
});

/**
 * Amazon Redshift (scheme `redshift:`; port 5439; default `preferred`).
 *
 * @example
 * ```ts
 * await connect(redshiftEngine, { url: 'redshift://admin:pw@cluster.example:5439/dev', mode: 'verify-identity', caFile: 'redshift-ca-bundle.crt' });
 * ```
 */
export const redshiftEngine: EngineDefinition = postgresFamilyEngine({
  id: 'redshift',
  displayName: 'Amazon Redshift',
  schemes: ['redshift'],
  aliases: [],
  defaultPort: 5439,
  guidance:
    'Redshift speaks the PostgreSQL protocol. Clusters with the require_ssl parameter set refuse plain connections ("SSL off" in the error). Use verify-identity with the Amazon Redshift CA bundle, and the cluster endpoint host name (not an IP) so the name check can pass.',
});

/**
 * CockroachDB (schemes `cockroachdb:`, `cockroach:`; port 26257; default `preferred`).
 *
 * @example
 * ```ts
 * await connect(cockroachdbEngine, { url: 'cockroachdb://root@localhost:26257/defaultdb', mode: 'verify-identity', caFile: 'certs/ca.crt' });
 * ```
 */
export const cockroachdbEngine: EngineDefinition = postgresFamilyEngine({
  id: 'cockroachdb',
  displayName: 'CockroachDB',
  schemes: ['cockroachdb', 'cockroach'],
  aliases: ['cockroach', 'crdb'],
  defaultPort: 26257,
  guidance:
    'CockroachDB speaks the PostgreSQL protocol. Secure clusters require TLS (and usually client certificates from cockroach cert create-client: pass --cert/--key); insecure clusters (--insecure) have no TLS at all. Pass the cluster ca.crt with --ca and use verify-identity; node certificates usually name localhost and the node host names.',
});

/** The PostgreSQL family, for `createRegistry`. */
export const engines: readonly EngineDefinition[] = [postgresEngine, redshiftEngine, cockroachdbEngine];
