import { readingFromTarget, type ConnectionReading, type EngineDefinition } from '@dbtls/core';
import { parseEtcdUrl } from './etcd-url.js';

/**
 * Reads an etcd endpoint or endpoint list (`etcds://`, `etcd://`;
 * `https://a:2379,https://b:2379` when every entry is an endpoint list) into
 * a {@link ConnectionReading} with every endpoint as a host; undefined for
 * other strings.
 *
 * @example
 * ```ts
 * readEtcdConnectionString(etcdEngine, 'etcds://a:2379,etcds://b:2379')?.hosts.length; // 2
 * ```
 */
export function readEtcdConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  const text = input.trim();
  const etcdScheme = /^etcds?:\/\//i.test(text);
  const httpList = /^https?:\/\//i.test(text) && /,\s*https?:\/\//i.test(text) && /:2379\b/.test(text);
  if (!etcdScheme && !httpList) return undefined;
  const target = parseEtcdUrl(text);
  const tlsScheme = target.scheme === 'etcds' || target.scheme === 'https';
  const mode = target.mode && !/[?&](ssl-?mode)=/i.test(text) && tlsScheme ? { mode: { from: 'scheme' as const, parameter: `${target.scheme}://`, note: 'TLS with chain and host name checked, as etcdctl does with an https endpoint' } } : {};
  return readingFromTarget(engine, target, {
    client: { id: 'etcd', name: 'etcd client (etcdctl --endpoints)', syntax: 'endpoint URL', reason: `the ${target.scheme}:// scheme` },
    sources: mode,
    ...(target.auth ? { password: target.auth.password } : {}),
    hosts: target.endpoints,
  });
}
