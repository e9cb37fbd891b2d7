import { decodeUrlComponent, readingFromTarget, type ReadingSource, type ConnectionReading, type EngineDefinition, type LostItem, type SslMode, type TargetOutput, type TranslateTarget } from '@dbtls/core';
import { parseMongodbUrl, MONGODB_DEFAULT_PORT } from './mongodb-url.js';

/**
 * Reads a `mongodb://` or `mongodb+srv://` string with the MongoDB URI
 * options specification's rules into a {@link ConnectionReading} (every
 * seed host kept); undefined for other strings.
 *
 * @example
 * ```ts
 * readMongodbConnectionString(mongodbEngine, 'mongodb+srv://c.example.net/')?.mode.source.from; // 'scheme'
 * ```
 */
export function readMongodbConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  if (!/^mongodb(\+srv)?:\/\//i.test(input.trim())) return undefined;
  const target = parseMongodbUrl(input);
  const sources: Record<string, ReadingSource> = {};
  for (const [name, text] of Object.entries(target.sources)) {
    if (name !== 'mode') sources[name] = { from: 'parameter', parameter: text };
    else if (text.startsWith('mongodb+srv')) sources.mode = { from: 'scheme', parameter: 'mongodb+srv://', note: text };
    else sources.mode = { from: 'parameter', parameter: text.split(/[=,+ ]/)[0]!, ...(text.includes('=') ? { value: text.split('=')[1]!.split(' ')[0]! } : {}), note: text };
  }
  const cs = /^mongodb(\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/i.exec(input.trim());
  const password = /^mongodb(?:\+srv)?:\/\/[^:@/]*:([^@/]*)@/i.exec(input.trim())?.[1];
  return readingFromTarget(engine, target, {
    client: { id: 'mongodb', name: 'MongoDB URI options specification (Node.js driver 6/7)', syntax: target.srv ? 'mongodb+srv' : 'mongodb', reason: `the ${target.srv ? 'mongodb+srv' : 'mongodb'}:// scheme` },
    sources,
    ...(password !== undefined ? { password: decodeUrlComponent(password, 'password', input) } : {}),
    hosts: (cs?.[2] ?? '').split(',').filter(Boolean).map((h) => {
      const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(h) ?? /^([^:]+)(?::(\d+))?$/.exec(h);
      return { host: m?.[1] ?? h, port: m?.[2] ? Number(m[2]) : MONGODB_DEFAULT_PORT };
    }),
  });
}

/**
 * `mongodb`: a MongoDB connection string with the URI options
 * specification's TLS options (`tls`, `tlsAllowInvalidHostnames`,
 * `tlsInsecure`, `tlsCAFile`, `tlsCertificateKeyFile`, …).
 *
 * @example
 * ```ts
 * MONGODB_TARGET.write(reading).text; // 'mongodb://app:pw@db1:27017,db2:27017/app?tls=true&tlsCAFile=%2Fetc%2Fca.pem'
 * ```
 */
export const MONGODB_TARGET: TranslateTarget = {
  id: 'mongodb',
  displayName: 'MongoDB connection string',
  description: 'mongodb://… or mongodb+srv://… with tls/tlsCAFile/tlsAllowInvalidHostnames/tlsInsecure (every driver following the URI options specification)',
  engines: ['mongodb'],
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const source = reading.mode.value;
    const params: [string, string][] = [];
    let mode: SslMode = source;
    const srv = reading.client.id === 'mongodb' && reading.client.syntax === 'mongodb+srv';
    if (source === 'disabled') params.push(['tls', 'false']);
    else {
      params.push(['tls', 'true']);
      if (source === 'preferred' || source === 'required') {
        params.push(['tlsInsecure', 'true']);
        mode = 'required';
        if (source === 'preferred') lost.push({ parameter: 'mode', what: 'MongoDB drivers have no plain-text fallback: "preferred" becomes required', weakens: false });
      } else if (source === 'verify-ca') params.push(['tlsAllowInvalidHostnames', 'true']);
      if (reading.caFile) params.push(['tlsCAFile', reading.caFile.value]);
      if (reading.certFile || reading.keyFile) {
        if (reading.certFile && reading.keyFile && reading.certFile.value !== reading.keyFile.value) {
          lost.push({ parameter: 'certFile', what: `MongoDB takes the client certificate and key in one PEM file (tlsCertificateKeyFile): join ${reading.certFile.value} and ${reading.keyFile.value} (cat cert key > both.pem); written with the certificate file`, weakens: false });
        }
        params.push(['tlsCertificateKeyFile', (reading.certFile ?? reading.keyFile)!.value]);
      }
      if (reading.passphrase) params.push(['tlsCertificateKeyFilePassword', reading.passphrase.value]);
      if (reading.crlFile || reading.crlDir) lost.push({ parameter: 'crlFile', what: 'dbtls refuses tlsCRLFile for MongoDB; the CRL is not written', weakens: true });
      if (reading.servername && reading.servername.value !== reading.hosts[0]!.host) lost.push({ parameter: reading.servername.source.parameter ?? 'servername', what: 'MongoDB connection strings cannot name another host to verify', weakens: mode === 'verify-identity' });
      if (reading.minTlsVersion?.value === 'TLSv1.3') lost.push({ parameter: 'minTlsVersion', what: 'MongoDB connection strings have no TLS floor', weakens: true });
    }
    const enc = encodeURIComponent;
    const auth = reading.user !== undefined || reading.password !== undefined ? `${enc(reading.user ?? '')}${reading.password !== undefined ? `:${enc(reading.password)}` : ''}@` : '';
    const hosts = srv ? reading.hosts[0]!.host : reading.hosts.map((h) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`).join(',');
    const text = `mongodb${srv ? '+srv' : ''}://${auth}${hosts}/${reading.database ? enc(reading.database) : ''}?${params.map(([k, v]) => `${k}=${enc(v)}`).join('&')}`;
    return { text, mode, lost };
  },
};
