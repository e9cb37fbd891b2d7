import { DbtlsError, parseUrlParts, readUrlMode, redactUrl, type EngineTarget } from '@dbtls/core';

/** Default etcd client port. */
export const ETCD_DEFAULT_PORT = 2379;

/** URL schemes registered for etcd. `http:`/`https:` endpoints are read too when the engine is named (`--engine etcd`). */
export const ETCD_SCHEMES = ['etcd', 'etcds'] as const;

/** A parsed etcd endpoint. */
export interface EtcdTarget extends EngineTarget {
  scheme: string;
  /** Every endpoint of an `--endpoints` list (`https://a:2379,https://b:2379`); the first is where dbtls connects. */
  endpoints: { host: string; port: number }[];
  /** Credentials for etcd's own authentication (`etcdctl --user`), when the URL has a user. */
  auth?: { username: string; password: string };
}

/**
 * Parses `etcd://[user:password@]host[:port]` (plain), `etcds://…` (TLS) and,
 * when the engine is named explicitly, the `http://` and `https://`
 * endpoints etcdctl uses. `etcds:` and `https:` read as `verify-identity`
 * (what etcdctl does with an https endpoint) unless a mode is given;
 * `?ssl-mode=` sets one explicitly. A comma-separated endpoint list (as
 * `etcdctl --endpoints` takes) is read whole: one TLS setting for all, mixed
 * TLS and plain endpoints refused.
 *
 * @example
 * ```ts
 * parseEtcdUrl('etcds://root:pw@etcd.example.com').mode; // 'verify-identity'
 * parseEtcdUrl('https://127.0.0.1:2379').port; // 2379
 * ```
 */
export function parseEtcdUrl(url: string): EtcdTarget {
  const list = url.trim().split(/,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i).map((e) => e.trim());
  if (list.length > 1) {
    const all = list.map((entry) => parseEtcdUrl(entry));
    const tlsOf = (t: EtcdTarget) => t.scheme === 'etcds' || t.scheme === 'https';
    if (new Set(all.map(tlsOf)).size > 1) throw new DbtlsError('invalid-url', `The endpoint list mixes TLS (https://, etcds://) and plain (http://, etcd://) endpoints; etcd's client uses one TLS setting for all of them, so dbtls refuses a list that means both.`);
    const modes = new Set(all.map((t) => t.mode));
    if (modes.size > 1) throw new DbtlsError('invalid-url', 'The endpoints of the list give different ssl-mode values.');
    const first = all[0]!;
    return {
      ...first,
      displayUrl: all.map((t) => t.displayUrl).join(','),
      secrets: [...new Set(all.flatMap((t) => t.secrets))],
      warnings: [...new Set(all.flatMap((t) => t.warnings)), `dbtls checks the first endpoint (${first.host}:${first.port}); the other ${all.length - 1} use the same TLS settings.`],
      endpoints: all.map((t) => ({ host: t.host, port: t.port })),
    };
  }
  const parts = parseUrlParts(url, { defaultPort: ETCD_DEFAULT_PORT });
  const scheme = parts.scheme.toLowerCase();
  if (!['etcd', 'etcds', 'http', 'https'].includes(scheme)) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not an etcd endpoint (expected etcd://, etcds://, or http(s):// with --engine etcd).`);
  }
  if (parts.database) throw new DbtlsError('invalid-url', `"${redactUrl(url)}": an etcd endpoint has no path (found "/${parts.database}").`);
  const { mode, warnings } = readUrlMode(parts.params, scheme === 'etcds' || scheme === 'https' ? { tlsScheme: scheme } : {});
  if (parts.user && parts.password === undefined) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" names the etcd user "${parts.user}" without a password.`);
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    ...(mode ? { mode } : {}),
    displayUrl: redactUrl(url),
    secrets: parts.password ? [parts.password] : [],
    warnings,
    scheme,
    endpoints: [{ host: parts.host, port: parts.port }],
    ...(parts.user ? { auth: { username: parts.user, password: parts.password ?? '' } } : {}),
  };
}
