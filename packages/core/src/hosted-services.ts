import { isIpAddress } from './ip-address.js';
import { HOSTED_SERVICES, type HostedCaSource, type HostedServiceEntry } from './hosted-services-table.js';
import { SSL_MODES, type SslMode } from './ssl-mode.js';

/**
 * The hosted-service advice shown by `connect`, `explain` and `probe`
 * (JSON key `hosted`).
 *
 * @example
 * ```ts
 * { service: 'Neon', id: 'neon', requiresTls: true, recommendedMode: 'verify-identity', ca: { source: 'system', name: 'public roots' }, notes: [...], source: { title: '...', url: '...' } }
 * ```
 */
export interface HostedAdvice {
  id: string;
  service: string;
  requiresTls: boolean;
  recommendedMode: SslMode;
  ca: { source: HostedCaSource; name?: string; url?: string };
  notes: string[];
  source: { title: string; url: string };
}

/**
 * Turns one host pattern of the table into an anchored RegExp.
 *
 * @example
 * ```ts
 * hostPatternRegExp('**.rds.amazonaws.com').test('db.abc.eu-west-1.rds.amazonaws.com'); // true
 * ```
 */
export function hostPatternRegExp(pattern: string): RegExp {
  const labels = pattern.toLowerCase().split('.');
  const parts = labels.map((label) => {
    if (label === '**') return '(?:[a-z0-9-]+\\.)*[a-z0-9-]+';
    if (label === '*') return '[a-z0-9-]+';
    return label.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[a-z0-9-]*');
  });
  return new RegExp(`^${parts.join('\\.')}$`);
}

const COMPILED = new WeakMap<HostedServiceEntry, RegExp[]>();
const patternsOf = (entry: HostedServiceEntry) => {
  let compiled = COMPILED.get(entry);
  if (!compiled) COMPILED.set(entry, (compiled = entry.hosts.map(hostPatternRegExp)));
  return compiled;
};

/**
 * The hosted service a host name belongs to, if dbtls knows it. `engine`
 * (an engine id) and `port` narrow the match where the table says so; IP
 * addresses never match.
 *
 * @example
 * ```ts
 * matchHostedService('ep-cool-darkness-123456.us-east-2.aws.neon.tech', { engine: 'postgres' })?.id; // 'neon'
 * matchHostedService('neon.tech.example.com'); // undefined
 * ```
 */
export function matchHostedService(host: string, options: { engine?: string; port?: number } = {}, table: readonly HostedServiceEntry[] = HOSTED_SERVICES): HostedServiceEntry | undefined {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (!name || isIpAddress(name.replace(/^\[|\]$/g, ''))) return undefined;
  return table.find(
    (entry) =>
      (!options.engine || entry.engines.includes(options.engine)) &&
      (!entry.ports || options.port === undefined || entry.ports.includes(options.port)) &&
      patternsOf(entry).some((re) => re.test(name)),
  );
}

/**
 * The advice object for a table entry.
 *
 * @example
 * ```ts
 * hostedAdvice(matchHostedService('x.psdb.cloud')!).recommendedMode; // 'verify-identity'
 * ```
 */
export function hostedAdvice(entry: HostedServiceEntry): HostedAdvice {
  return { id: entry.id, service: entry.service, requiresTls: entry.requiresTls, recommendedMode: entry.recommendedMode, ca: { ...entry.ca }, notes: [...entry.notes], source: { ...entry.source } };
}

/**
 * Looks a host up and returns its advice, or null.
 *
 * @example
 * ```ts
 * hostedAdviceFor('mydb.abc123.eu-west-1.rds.amazonaws.com', { engine: 'postgres' })?.ca.source; // 'bundle'
 * ```
 */
export function hostedAdviceFor(host: string, options: { engine?: string; port?: number } = {}): HostedAdvice | null {
  const entry = matchHostedService(host, options);
  return entry ? hostedAdvice(entry) : null;
}

const rank = (mode: SslMode) => SSL_MODES.indexOf(mode);

/**
 * Warnings when the chosen mode is weaker than a hosted service needs:
 * `disabled` on a service that requires TLS (or offers it), `preferred` /
 * `required` where verification is possible (public roots or the provider's
 * bundle), and `verify-identity` where the service's certificates cannot pass
 * the name check.
 *
 * @example
 * ```ts
 * hostedModeWarnings(hostedAdviceFor('x.upstash.io')!, 'disabled'); // ['Upstash Redis requires TLS: ...']
 * ```
 */
export function hostedModeWarnings(advice: HostedAdvice, mode: SslMode, options: { caGiven?: boolean } = {}): string[] {
  const out: string[] = [];
  const want = advice.recommendedMode;
  const caHint =
    advice.ca.source === 'system'
      ? 'with the system trust store (public roots)'
      : advice.ca.source === 'bundle'
        ? `with ${advice.ca.name ?? 'the provider\'s CA bundle'}${advice.ca.url ? ` (${advice.ca.url})` : ''} passed as --ca`
        : `with ${advice.ca.name ?? 'the provider\'s CA'} passed as --ca`;
  if (mode === 'disabled') {
    out.push(
      advice.requiresTls
        ? `${advice.service} requires TLS: a "disabled" connection will be refused. Use "${want}" ${caHint}.`
        : `${advice.service} offers TLS, but "disabled" sends everything, password included, in plain text. Use "${want}" ${caHint}.`,
    );
  } else if (rank(mode) < rank(want) && (mode === 'preferred' || mode === 'required')) {
    if (advice.ca.source === 'system' || advice.ca.source === 'bundle' || options.caGiven) {
      out.push(`"${mode}" does not check who the server is, and ${advice.service} can be verified ${caHint}: use "${want}".`);
    }
  } else if (rank(mode) > rank(want)) {
    out.push(`"${mode}" is likely to fail on ${advice.service}: ${advice.notes[0] ?? `the service recommends "${want}".`}`);
  }
  return out;
}
