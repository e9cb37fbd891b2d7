import { basename } from 'node:path';
import type { DriverOptionsInput, DriverOptionsView } from '@dbtls/core';

/**
 * What a mode maps to for etcd3. etcd3's `credentials` option
 * (`{ rootCertificate, privateKey, certChain }`) always validates chain and
 * name, and forces TLS even for http:// hosts; the other modes need grpc-js
 * `verifyOptions`, which etcd3 never passes. dbtls builds the grpc-js channel
 * credentials itself and hands them to etcd3 through `grpcOptions`
 * (`channelFactoryOverride`), without patching grpc-js. Pure: file contents
 * are shown as placeholders.
 *
 * @example
 * ```ts
 * etcdDriverOptions({ mode: 'verify-ca', tls: { caFile: 'ca.pem' }, host: '10.0.0.5' }).notes;
 * ```
 */
export function etcdDriverOptions({ mode, tls, host }: DriverOptionsInput): DriverOptionsView {
  const file = (path: string) => `<contents of ${basename(path)}>`;
  const notes: string[] = [];
  const name = tls.servername ?? host;
  const base = {
    hosts: `${host ?? 'HOST'}:PORT (scheme removed: TLS is decided by the channel credentials below)`,
    faultHandling: '{ global: noop, host: () => noop } (no retry or circuit breaker: one attempt, bounded by --timeout)',
    defaultCallOptions: '{ deadline: now + --timeout }',
  };
  const etcdctl = ['etcdctl', `--endpoints=${mode === 'disabled' ? 'http' : 'https'}://${host ?? 'HOST'}:PORT`];
  if (mode === 'disabled') {
    notes.push('Plain gRPC: no credentials option and an http:// endpoint (etcd3 switches to TLS whenever credentials are given, whatever the scheme).');
    return {
      driver: 'etcd3',
      options: { ...base, grpcOptions: { channelFactoryOverride: '(address, _, options) => new grpc.Channel(address, grpc.credentials.createInsecure(), options)' } },
      urlParameters: null,
      equivalents: { etcdctl: etcdctl.join(' ') },
      notes,
    };
  }
  const args = [tls.caFile ? file(tls.caFile) : 'null (grpc-js default roots)', tls.keyFile ? file(tls.keyFile) : 'null', tls.certFile ? file(tls.certFile) : 'null'];
  let verify: string;
  switch (mode) {
    case 'preferred':
    case 'required':
      verify = '{ rejectUnauthorized: false, checkServerIdentity: () => undefined }';
      etcdctl.push('--insecure-skip-tls-verify');
      if (mode === 'preferred') notes.push('etcd client URLs are TLS-only or plain-only: "preferred" behaves as "required".');
      break;
    case 'verify-ca':
      verify = '{ rejectUnauthorized: true, checkServerIdentity: () => undefined }';
      notes.push('etcdctl has no "chain but not name" switch.');
      break;
    default:
      verify = `{ rejectUnauthorized: true, checkServerIdentity: (_, cert) => tls.checkServerIdentity('${name ?? 'host'}', cert) }`;
      notes.push(`The certificate must name ${name ?? 'the host'}; an IP address host is checked against the certificate's IP entries.`);
  }
  if (tls.caFile) etcdctl.push(`--cacert=${tls.caFile}`);
  if (tls.certFile) etcdctl.push(`--cert=${tls.certFile}`);
  if (tls.keyFile) etcdctl.push(`--key=${tls.keyFile}`);
  notes.push("etcd3's credentials option cannot skip validation (it never passes grpc-js verifyOptions): dbtls builds the channel with grpc-js's own createSsl(…, verifyOptions) and gives it to etcd3 through grpcOptions.channelFactoryOverride, a grpc-js client option; nothing is patched.");
  if (tls.passphrase) notes.push('grpc-js takes no passphrase: the encrypted client key is decrypted in memory.');
  notes.push('grpc-js sends the host as SNI even when it is an IP address (Node then prints warning DEP0123); --servername sets grpc.ssl_target_name_override, which changes both the SNI and the name checked.');
  notes.push('A user in the URL is authenticated with the Auth.Authenticate RPC over this same channel (etcd3\'s auth option would open a second channel with its own, fully validating credentials).');
  return {
    driver: 'etcd3',
    options: {
      ...base,
      grpcOptions: {
        channelFactoryOverride: `(address, _, options) => new grpc.Channel(address, grpc.credentials.createSsl(${args.join(', ')}, ${verify}), options)`,
        ...(tls.servername ? { 'grpc.ssl_target_name_override': tls.servername } : {}),
      },
    },
    urlParameters: null,
    equivalents: { etcdctl: etcdctl.join(' ') },
    notes,
  };
}
