import { defineEngine, type DiagnoseContext, type DiagnosisHint, type EngineConnectContext, type EngineConnectResult, type EngineDefinition } from '@dbtls/core';
import { configureEtcd } from './etcd-configure.js';
import { readEtcdConnectionString } from './etcd-reading.js';
import { isDriverInstalled } from '../driver-available/driver-available.js';
import { diagnoseChain } from '../tls-probe/diagnose-chain.js';
import { plainPortError, tlsOnlyPortError } from '../plain-port/tls-only-port.js';
import { HTTP_QUESTION } from '../plain-port/plain-answer.js';
import { channelTlsReport, etcdChannelCredentials, loadEtcdModules, type GrpcChannel } from './etcd-grpc.js';
import { ETCD_ERROR_PATTERNS } from './etcd-patterns.js';
import { etcdDriverOptions } from './etcd-ssl.js';
import { ETCD_DEFAULT_PORT, ETCD_SCHEMES, parseEtcdUrl, type EtcdTarget } from './etcd-url.js';
import { directTlsProbe } from '../tls-probe/direct-tls-probe.js';

/** Connects with etcd3, authenticates when the URL has a user, reads the maintenance status, closes. */
async function connectEtcd(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as EtcdTarget;
  const started = Date.now();
  const deadline = started + ctx.timeoutMs - Math.min(500, Math.round(ctx.timeoutMs * 0.1));
  const mode = ctx.tls.mode;
  if ((target.scheme === 'etcds' || target.scheme === 'https') && mode === 'disabled' && target.mode !== 'disabled') {
    ctx.warn(`${target.scheme}:// asks for TLS, but the mode given is "disabled": the connection is not encrypted.`);
  }
  const { etcd3, grpc, cockatiel } = await loadEtcdModules();
  const seen: { peer?: import('node:tls').PeerCertificate } = {};
  const credentials = etcdChannelCredentials(grpc, ctx.tls, target.host, seen);
  const channels: GrpcChannel[] = [];
  let token: string | undefined;
  const grpcOptions: Record<string, unknown> = {
    ...(ctx.tls.servername ? { 'grpc.ssl_target_name_override': ctx.tls.servername } : {}),
    'grpc.max_reconnect_backoff_ms': 1000,
    // grpc-js client options (etcd3 passes grpcOptions to every service client):
    channelFactoryOverride: (address: string, _etcd3Credentials: unknown, options: Record<string, unknown>) => {
      const channel = new grpc.Channel(address, credentials, options);
      channels.push(channel);
      return channel;
    },
    interceptors: [
      (options: unknown, nextCall: (options: unknown) => unknown) =>
        new grpc.InterceptingCall(nextCall(options), {
          start(metadata: { set(k: string, v: string): void }, listener: unknown, next: (m: unknown, l: unknown) => void) {
            if (token) metadata.set('token', token);
            next(metadata, listener);
          },
        }),
    ],
  };
  const client = new etcd3.Etcd3({
    hosts: `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`,
    grpcOptions: grpcOptions as never,
    defaultCallOptions: () => ({ deadline: new Date(deadline) }),
    faultHandling: { global: cockatiel.noop as never, host: () => cockatiel.noop as never },
  });
  const close = () => {
    try {
      client.close();
    } catch {
      // already closed
    }
    for (const channel of channels) {
      try {
        channel.close();
      } catch {
        // already closed
      }
    }
  };
  ctx.signal.addEventListener('abort', close, { once: true });
  try {
    if (target.auth) {
      const answer = await client.auth.authenticate({ name: target.auth.username, password: target.auth.password });
      token = answer.token;
    }
    const status = await client.maintenance.status();
    const tls = mode === 'disabled' ? null : await channelTlsReport(grpc, channels[channels.length - 1]!, mode === 'verify-ca' || mode === 'verify-identity' ? true : null);
    return { encrypted: mode !== 'disabled', fellBack: false, tls, serverVersion: status.version ? `etcd ${status.version}` : null };
  } catch (error) {
    close();
    if (mode === 'disabled' && !ctx.signal.aborted && /UNAVAILABLE|Failed to connect|ECONNRESET|Connection dropped/i.test(String((error as Error)?.message))) {
      throw await tlsOnlyPortError(error, target.host, target.port, { timeoutMs: Math.max(1, deadline - Date.now()), signal: ctx.signal });
    }
    // A TLS client on a plain http:// etcd port is sometimes reset instead of left waiting.
    if (mode !== 'disabled' && !ctx.signal.aborted && /ECONNRESET|socket disconnected before secure TLS|Connection dropped/i.test(String((error as Error)?.message))) {
      throw await plainPortError(error, target.host, target.port, { timeoutMs: Math.max(1, deadline - Date.now()), signal: ctx.signal, question: HTTP_QUESTION });
    }
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', close);
    close();
  }
}

/**
 * etcd (a Go server) answers a missing client certificate with TLS alert 42
 * "bad certificate" instead of TLS 1.3's "certificate required".
 */
function diagnoseEtcd(error: unknown, context: DiagnoseContext): DiagnosisHint | undefined {
  const message = String((error as Error)?.message ?? '');
  if (!context.given.clientCertificate && /alert bad certificate|alert certificate required|SSL alert number (42|116)/i.test(message)) {
    return {
      cause: 'client-certificate-required',
      note: 'etcd runs with --client-cert-auth: it rejected the connection because no client certificate was sent (Go servers send TLS alert 42 "bad certificate" for that).',
      source: error,
      ...(context.requestedMode === 'preferred' ? { recommendedMode: context.effectiveMode } : {}),
    };
  }
  return diagnoseChain(error, context, ETCD_ERROR_PATTERNS);
}

/**
 * etcd v3 (schemes `etcd:` and `etcds:`, and `http(s):` with `--engine etcd`;
 * port 2379; default `disabled`; driver `etcd3`, an optional peer dependency
 * loaded on first use).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { etcdEngine } from '@dbtls/engine-nosql/etcd';
 * const result = await connect(etcdEngine, { url: 'etcds://localhost:2379', mode: 'verify-ca', caFile: 'ca.pem' });
 * ```
 */
export const etcdEngine: EngineDefinition = defineEngine({
  id: 'etcd',
  probe: directTlsProbe({ alpn: ['h2'] }),
  displayName: 'etcd',
  schemes: ETCD_SCHEMES,
  aliases: ['etcd3'],
  defaultPort: ETCD_DEFAULT_PORT,
  defaultMode: 'disabled',
  fallback: {
    capability: 'none',
    how: 'An etcd client URL is either http:// (plain gRPC) or https:// (TLS only); there is no negotiation to fall back within, so "preferred" behaves as "required".',
  },
  guidance:
    'etcd serves TLS when its --listen-client-urls are https:// (with --cert-file/--key-file); --client-cert-auth additionally requires a client certificate signed by --trusted-ca-file: pass --cert and --key. Use verify-identity with the cluster CA; etcd certificates often name only IP addresses, which verify-identity checks against the certificate\'s IP entries.',
  drivers: ['etcd3'],
  errorPatterns: ETCD_ERROR_PATTERNS,
  readConnectionString: (input) => readEtcdConnectionString(etcdEngine, input),
  parseUrl: parseEtcdUrl,
  driverOptions: etcdDriverOptions,
  connect: connectEtcd,
  configure: configureEtcd,
  diagnose: diagnoseEtcd,
  isAvailable: () => isDriverInstalled('etcd3'),
});

/** The etcd engine, for `createRegistry`. */
export const engines: readonly EngineDefinition[] = [etcdEngine];
