import { createRequire } from 'node:module';
import * as tls from 'node:tls';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describeCertificate, importDriver, type TlsMaterial, type TlsReport } from '@dbtls/core';

/** The parts of `@grpc/grpc-js` the etcd engine uses (typed here: grpc-js is etcd3's dependency, not ours). */
export interface GrpcModule {
  credentials: {
    createInsecure(): GrpcChannelCredentials;
    createSsl(rootCerts: Buffer | null, privateKey: Buffer | null, certChain: Buffer | null, verifyOptions: { rejectUnauthorized?: boolean; checkServerIdentity?: (host: string, cert: tls.PeerCertificate) => Error | undefined }): GrpcChannelCredentials;
    /** grpc-js 1.8 and later. */
    createFromSecureContext?(context: tls.SecureContext, verifyOptions: { rejectUnauthorized?: boolean; checkServerIdentity?: (host: string, cert: tls.PeerCertificate) => Error | undefined }): GrpcChannelCredentials;
  };
  Channel: new (target: string, credentials: GrpcChannelCredentials, options: Record<string, unknown>) => GrpcChannel;
  InterceptingCall: new (next: unknown, requester: Record<string, unknown>) => unknown;
  getChannelzHandlers?: () => Record<string, ChannelzHandler>;
}
/** A grpc-js `ChannelCredentials`. */
export type GrpcChannelCredentials = object & { readonly __grpcChannelCredentials?: never };
/** A grpc-js `Channel`. */
export interface GrpcChannel {
  close(): void;
  getChannelzRef?(): { id: number };
}

declare const __filename: string | undefined;

/** The modules the etcd engine uses: etcd3 and the copies of grpc-js and cockatiel etcd3 itself loads. */
export interface EtcdModules {
  etcd3: typeof import('etcd3');
  grpc: GrpcModule;
  cockatiel: { noop: unknown };
}

/**
 * Loads etcd3 (through core's `importDriver`) and, from etcd3's own
 * location, the `@grpc/grpc-js` and `cockatiel` it uses, so that channels
 * and policies handed to it are of the same copy.
 *
 * @example
 * ```ts
 * const { etcd3, grpc } = await loadEtcdModules();
 * ```
 */
export async function loadEtcdModules(): Promise<EtcdModules> {
  const etcd3 = await importDriver('etcd3', 'etcd', () => import('etcd3'));
  const here = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  const fromEtcd3 = createRequire(here.resolve('etcd3'));
  const grpc = await importDriver('@grpc/grpc-js', 'etcd', async () => fromEtcd3('@grpc/grpc-js') as GrpcModule);
  const cockatiel = await importDriver('cockatiel', 'etcd', async () => fromEtcd3('cockatiel') as { noop: unknown });
  return { etcd3: (etcd3 as { default?: typeof import('etcd3') }).default?.Etcd3 ? (etcd3 as { default: typeof import('etcd3') }).default : etcd3, grpc, cockatiel };
}

/**
 * grpc-js channel credentials that express a mode exactly. etcd3's own
 * `credentials` option reaches `grpc.credentials.createSsl` without its
 * fourth argument, so it can only verify chain and name; these credentials
 * pass `verifyOptions` (`rejectUnauthorized`, `checkServerIdentity`), a
 * supported grpc-js argument, and are handed to etcd3 through its
 * `grpcOptions` (grpc-js client option `channelFactoryOverride`). An
 * encrypted client key is decrypted in memory (grpc-js takes no passphrase).
 *
 * @example
 * ```ts
 * const credentials = etcdChannelCredentials(grpc, material, 'localhost', seen);
 * ```
 */
export function etcdChannelCredentials(grpc: GrpcModule, material: TlsMaterial, host: string, seen: { peer?: tls.PeerCertificate }): GrpcChannelCredentials {
  if (material.mode === 'disabled') return grpc.credentials.createInsecure();
  const name = material.servername ?? host;
  const key = material.key
    ? Buffer.from(createPrivateKey({ key: material.key, format: 'pem', ...(material.passphrase !== undefined ? { passphrase: material.passphrase } : {}) }).export({ format: 'pem', type: 'pkcs8' }) as string)
    : null;
  const check = (cert: tls.PeerCertificate): Error | undefined => {
    seen.peer = cert;
    return material.mode === 'verify-identity' ? tls.checkServerIdentity(name, cert) : undefined;
  };
  const verify = {
    rejectUnauthorized: material.mode === 'verify-ca' || material.mode === 'verify-identity',
    checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => check(cert),
  };
  // Without a CA, createSsl copies Node's ~140 bundled roots into a new secure context on every
  // connect (tens of milliseconds); a context without `ca` uses the same roots from OpenSSL's shared store.
  if (!material.ca && grpc.credentials.createFromSecureContext) {
    return grpc.credentials.createFromSecureContext(tls.createSecureContext({ ...(key ? { key } : {}), ...(material.cert ? { cert: material.cert } : {}) }), verify);
  }
  return grpc.credentials.createSsl(material.ca ? Buffer.from(material.ca) : null, key, material.cert ? Buffer.from(material.cert) : null, verify);
}

interface ChannelzCallback {
  (error: unknown, value?: Record<string, any>): void;
}
type ChannelzHandler = (call: { request: Record<string, string> }, callback: ChannelzCallback) => void;

function channelzGet(handler: ChannelzHandler | undefined, request: Record<string, string>): Promise<Record<string, any> | undefined> {
  return new Promise((resolve) => {
    if (!handler) return resolve(undefined);
    try {
      handler({ request }, (error, value) => resolve(error ? undefined : value));
    } catch {
      resolve(undefined);
    }
  });
}

/**
 * The TLS report of a grpc-js channel's connected socket, read through
 * grpc-js's channelz (exported `getChannelzHandlers`), which reads the real
 * TLS socket: cipher and the server's certificate. grpc-js does not record the
 * protocol version; it is derived from the cipher suite (TLS 1.3 suites are
 * named TLS_AES_…/TLS_CHACHA20_…), else reported as `TLSv1.2 or older`.
 *
 * @example
 * ```ts
 * const report = await channelTlsReport(grpc, channel, seen.peer);
 * ```
 */
export async function channelTlsReport(grpc: GrpcModule, channel: GrpcChannel, chainValid: boolean | null): Promise<TlsReport | null> {
  const handlers = grpc.getChannelzHandlers?.();
  const ref = channel.getChannelzRef?.();
  if (!handlers || !ref) return null;
  const ch = await channelzGet(handlers.GetChannel, { channel_id: String(ref.id) });
  for (const sub of (ch?.channel?.subchannel_ref ?? []) as { subchannel_id: number }[]) {
    const sc = await channelzGet(handlers.GetSubchannel, { subchannel_id: String(sub.subchannel_id) });
    for (const sock of (sc?.subchannel?.socket_ref ?? []) as { socket_id: number }[]) {
      const s = await channelzGet(handlers.GetSocket, { socket_id: String(sock.socket_id) });
      const security = s?.socket?.security?.tls as { standard_name?: string; other_name?: string; remote_certificate?: Buffer } | undefined;
      if (!security) continue;
      const cipher = security.standard_name ?? security.other_name ?? null;
      let peer = null;
      try {
        peer = security.remote_certificate ? describeCertificate(new X509Certificate(security.remote_certificate)) : null;
      } catch {
        peer = null;
      }
      return {
        protocol: cipher && /^TLS_(AES|CHACHA20)_/.test(cipher) ? 'TLSv1.3' : 'TLSv1.2 or older',
        cipher,
        chainValid,
        chainError: null,
        peer,
      };
    }
  }
  return null;
}
