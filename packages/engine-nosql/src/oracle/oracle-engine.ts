import type { TLSSocket } from 'node:tls';
import { defineEngine, errorChain, recommendedModeFor, tlsReportFromSocket, type DiagnoseContext, type DiagnosisHint, type EngineConnectContext, type EngineConnectResult, type EngineDefinition, type TlsReport } from '@dbtls/core';
import { readOracleConnectionString } from './oracle-reading.js';
import { isDriverInstalled } from '../driver-available/driver-available.js';
import { diagnoseChain } from '../tls-probe/diagnose-chain.js';
import { explainPlainFailure, hintFromError, looksLikeDroppedConnection, probeTls, remaining } from '../tls-probe/tls-probe.js';
import { ORACLE_ERROR_PATTERNS, ORACLE_NO_TLS_CODE } from './oracle-patterns.js';
import { directTlsProbe } from '../tls-probe/direct-tls-probe.js';
import { answeredInPlainText, askPlain, TNS_QUESTION } from '../plain-port/plain-answer.js';
import { ORACLE_REQUIRED_UNSUPPORTED, oracleDriverOptions } from './oracle-ssl.js';
import { ORACLE_DEFAULT_PORT, parseOracleUrl, type OracleTarget } from './oracle-url.js';
import { configureOracle, loadOracle, oracleOptions, type OracleConnection } from './oracle-configure.js';

const FOUND_BY_DBTLS = Symbol.for('dbtls.oracle.found');
const THROWAWAY = Symbol.for('dbtls.oracle.throwaway');

/** The TLS socket under a thin-mode connection. */
function driverTlsSocket(connection: unknown): TLSSocket | undefined {
  const stream = (connection as { _impl?: { nscon?: { ntAdapter?: { stream?: unknown } } } })._impl?.nscon?.ntAdapter?.stream as TLSSocket | undefined;
  return stream && typeof stream.getPeerX509Certificate === 'function' && stream.encrypted ? stream : undefined;
}

function attachCause(error: unknown, cause: Error): void {
  if (error && typeof error === 'object' && (error as { cause?: unknown }).cause === undefined) {
    Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true, enumerable: false });
  }
}

async function connectOracle(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as OracleTarget;
  const deadline = Date.now() + ctx.timeoutMs;
  const mode = ctx.tls.mode;
  const options = oracleOptions(target, ctx.tls, ctx.timeoutMs);
  const oracledb = await loadOracle();
  let connection: OracleConnection | undefined;
  try {
    connection = await oracledb.getConnection(options);
    if (ctx.signal.aborted) {
      await connection.close().catch(() => undefined);
      throw ctx.signal.reason;
    }
    await connection.execute('SELECT 1 FROM DUAL');
    let tls: TlsReport | null = null;
    if (mode !== 'disabled') {
      const socket = driverTlsSocket(connection);
      if (socket) tls = tlsReportFromSocket(socket);
      else {
        tls = (await probeTls(target.host, target.port, ctx.tls, { timeoutMs: remaining(deadline), signal: ctx.signal })).report;
        ctx.warn('The TLS details come from a second connection: the driver did not expose its socket.');
      }
    }
    const serverVersion = connection.oracleServerVersionString;
    await connection.close();
    return { encrypted: mode !== 'disabled', fellBack: false, tls, serverVersion: serverVersion ? `Oracle ${serverVersion}` : null };
  } catch (error) {
    if (connection) await connection.close().catch(() => undefined);
    if (ctx.signal.aborted) throw error;
    const code = (error as { code?: string }).code;
    if (mode === 'disabled') throw await explainPlainFailure(error, target.host, target.port, { timeoutMs: Math.min(2000, remaining(deadline)), signal: ctx.signal });
    // A wallet without a client certificate carries a throwaway one (see oracleWallet).
    if (ctx.tls.ca && !ctx.tls.cert) Object.defineProperty(error, THROWAWAY, { value: true });
    if (code === 'NJS-506' || ((code === 'NJS-500' || code === 'NJS-501') && looksLikeDroppedConnection(error))) {
      // The driver keeps at most the handshake error's text (NJS-506), or only
      // "end-of-file" when a TLS 1.3 server rejected the client certificate
      // after the handshake (NJS-500): look at the server ourselves.
      const probe = await probeTls(target.host, target.port, ctx.tls, { timeoutMs: Math.min(3000, remaining(deadline)), signal: ctx.signal, awaitAlertMs: 300 });
      const found = probe.problem
        ? probe.problem
        : probe.alert
          ? probe.alert
          : !probe.speaksTls && code === 'NJS-506' && (answeredInPlainText(probe.error) || (await askPlain(target.host, target.port, TNS_QUESTION, { timeoutMs: Math.min(1000, remaining(deadline)), signal: ctx.signal })) !== null)
            ? // Only a definite answer (non-TLS bytes, or a plain TNS reply) means a plain listener; silence or a reset does not.
              Object.assign(new Error(`${target.host}:${target.port} does not complete a TLS handshake (${probe.error?.message ?? 'no answer'}) and answers plain TNS: it is not a TCPS listener.`), { code: ORACLE_NO_TLS_CODE })
            : undefined;
      if (found) {
        Object.defineProperty(found, FOUND_BY_DBTLS, { value: true });
        attachCause(error, found);
      }
    }
    throw error;
  }
}

function diagnoseOracle(error: unknown, context: DiagnoseContext): DiagnosisHint | undefined {
  const chain = errorChain(error);
  const found = chain.find((e) => e && typeof e === 'object' && (e as Record<symbol, unknown>)[FOUND_BY_DBTLS]) as (Error & { code?: string }) | undefined;
  let hint: DiagnosisHint | undefined;
  if (found?.code === ORACLE_NO_TLS_CODE) hint = { cause: 'server-lacks-tls', source: found };
  else if (found) hint = hintFromError(found, `The driver reported only "${String((error as { code?: string }).code)}"; dbtls found the reason by connecting to the server itself and checking what it presented.`);
  hint ??= diagnoseChain(error, context, ORACLE_ERROR_PATTERNS);
  if (!hint) {
    const message = String((error as Error)?.message ?? '');
    if (/NJS-518|ORA-12514/.test(message)) {
      return { cause: 'unknown', source: error, recommendedMode: null, summary: 'The listener answered, but does not know the service name.', note: 'TLS (if any) worked: the listener refused the service name given in the URL path (ORA-12514). Check the service name.' };
    }
    return undefined;
  }
  // The table would recommend "required", which the thin driver cannot do.
  if (recommendedModeFor(hint.cause, context.requestedMode, 'none') === 'required' && hint.recommendedMode === undefined) {
    if (hint.cause === 'certificate-expired') {
      hint.recommendedMode = null;
      hint.note = `${hint.note ? `${hint.note} ` : ''}Oracle note: "required" is not available (the thin driver always validates), so no mode connects until the certificate is renewed.`;
    } else if (hint.cause === 'tls-handshake-failed') {
      hint.recommendedMode = null;
    } else {
      hint.recommendedMode = 'verify-ca';
      hint.note = `${hint.note ? `${hint.note} ` : ''}Oracle note: "required" is not available (the thin driver always validates); the nearest mode is "verify-ca" with the CA that issued the server certificate (for a self-signed server, the certificate itself) given with --ca.`;
    }
  }
  if (hint.cause === 'client-certificate-required' && !context.given.clientCertificate && (error as Record<symbol, unknown>)[THROWAWAY]) {
    hint.note = 'The server asks for a client certificate. (The thin driver needs a certificate in its wallet whenever a CA is given, so dbtls gave it a throwaway one made in memory, which the server rejected.)';
  }
  return hint;
}

/**
 * Oracle Database through `oracledb` in thin mode (schemes `oracle:`,
 * `tcps:`; port 1521, TCPS 2484; default `disabled`; no fallback;
 * `required`/`preferred` unsupported, as the driver always validates).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { oracleEngine } from '@dbtls/engine-nosql/oracle';
 * await connect(oracleEngine, { url: 'tcps://app:pw@db.example.com:2484/FREEPDB1', caFile: 'ca.pem' });
 * ```
 */
export const oracleEngine: EngineDefinition = defineEngine({
  id: 'oracle',
  probe: directTlsProbe({ tlsPorts: (port) => (port === 1521 ? [2484, 1522] : []) }),
  displayName: 'Oracle',
  schemes: ['oracle', 'tcps'],
  aliases: ['oracledb'],
  defaultPort: ORACLE_DEFAULT_PORT,
  defaultMode: 'disabled',
  fallback: {
    capability: 'none',
    how: 'TCP and TCPS are separate listeners (usually 1521 and 2484), and the thin driver cannot skip certificate validation, so there is no fallback; "preferred" would mean "required", which the driver cannot express.',
  },
  guidance:
    'Oracle serves TLS on a TCPS listener (usually port 2484; Autonomous Database 1522). The thin driver always validates the server certificate: use verify-identity (the host must be in the certificate) or verify-ca (ssl_server_dn_match=false), with the CA via --ca. Native Network Encryption is not available in thin mode.',
  drivers: ['oracledb'],
  errorPatterns: ORACLE_ERROR_PATTERNS,
  unsupportedModes: { required: ORACLE_REQUIRED_UNSUPPORTED },
  readConnectionString: (input) => readOracleConnectionString(oracleEngine, input),
  parseUrl: parseOracleUrl,
  driverOptions: oracleDriverOptions,
  connect: connectOracle,
  configure: configureOracle,
  diagnose: diagnoseOracle,
  isAvailable: () => isDriverInstalled('oracledb'),
});
