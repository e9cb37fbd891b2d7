import { isIpAddress } from './ip-address.js';
import { checkTimeout } from './timeout.js';
import { assessCertificates, DEFAULT_WARN_DAYS, type CertificateDetails, type TrustVerdict } from './certificate-health.js';
import { connect, DEFAULT_TIMEOUT_MS, type ConnectResult } from './connect.js';
import { DbtlsError, isDbtlsError } from './dbtls-error.js';
import { diagnoseError } from './diagnose.js';
import type { Diagnosis } from './diagnosis.js';
import type { EngineDefinition, EngineTarget, ProbeHandshake } from './engine.js';
import { hostedAdviceFor, hostedModeWarnings, type HostedAdvice } from './hosted-services.js';
import { redactText } from './redact.js';
import { NOT_APPLICABLE, SSL_MODES, type SslMode } from './ssl-mode.js';
import { loadTlsMaterial } from './tls-options.js';
import { peerChainOf } from './tls-report.js';
import { nodeTrustAnchors, splitPemBundle, systemTrustAnchors, type TrustAnchors, type TrustSource } from './trust-store.js';

/**
 * Options of {@link probe}.
 *
 * @example
 * ```ts
 * { url: 'postgres://db.example.com/app', caFile: 'ca.pem', systemCa: true, timeoutMs: 5000 }
 * ```
 */
export interface ProbeOptions {
  url: string;
  /** A CA file to judge the chain against. */
  caFile?: string;
  /** Judge the chain against the operating system's store too (`--ca system`). */
  systemCa?: boolean;
  /** SNI and the name checked for verify-identity. Default: the host. */
  servername?: string;
  /** Client certificate and key for the confirming login (never used by the handshake). */
  certFile?: string;
  keyFile?: string;
  passphrase?: string;
  /** Deadline per connection. Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Default {@link DEFAULT_WARN_DAYS}. */
  warnDays?: number;
  signal?: AbortSignal;
  /** Called before each step ("TLS handshake via SSLRequest", "confirming login"), for a progress line. */
  onStep?(step: string): void;
}

/** `yes`, `no`, or TLS `only on another port`. */
export type OffersTls = 'yes' | 'no' | 'other-port';
/** `yes`, `no`, or `unknown` where the protocol cannot tell without credentials. */
export type RequiresTls = 'yes' | 'no' | 'unknown';

/** The mode to use and exactly how to ask for it. */
export interface ProbeRecommendation {
  mode: SslMode;
  /** The trust source the mode relies on (verify modes). */
  trust: TrustSource | null;
  /** dbtls flags, e.g. `['--ssl-mode', 'verify-identity', '--ca', 'system']`. */
  flags: string[];
  /** The driver's URL parameters for the mode, where it has them. */
  urlParameters: Record<string, string> | null;
  /** A `dbtls connect` command line with the password masked. */
  command: string;
  /** The port to use, when TLS is only on another port. */
  port?: number;
  /** Why this mode, in one sentence. */
  reason: string;
}

/** What `dbtls probe` found. JSON keys are stable. */
export interface ProbeResult {
  ok: true;
  engine: string;
  host: string;
  port: number;
  method: string;
  offersTls: OffersTls;
  requiresTls: RequiresTls;
  /** Negotiated protocol and cipher of the unvalidated handshake. */
  tls: { protocol: string | null; cipher: string | null; port: number } | null;
  /** The chain as presented, leaf first. */
  certificates: CertificateDetails[];
  /** Offline verdicts per trust source. */
  trust: TrustVerdict[];
  /** The name check of verify-identity. */
  hostname: { name: string; matches: boolean; error: string | null } | null;
  /** Whether each verify mode would pass, and with which trust source. */
  verdicts: Record<'verify-ca' | 'verify-identity', { passes: boolean; trust: TrustSource | null }>;
  recommendedMode: SslMode;
  recommendation: ProbeRecommendation;
  /** The confirming login (only with credentials in the URL). */
  login: { attempted: false; reason: string } | { attempted: true; mode: SslMode; ok: boolean; diagnosis: Diagnosis | null; serverVersion: string | null };
  hosted: HostedAdvice | null;
  serverVersion: string | null;
  clientCertificateRequired: boolean | null;
  evidence: string[];
  notes: string[];
  warnings: string[];
  /** TCP connections opened (at most two). */
  connections: number;
  elapsedMs: number;
}

/** The server could not be reached or broke off before anything TLS could be learnt. */
export interface ProbeFailure {
  ok: false;
  engine: string;
  host: string;
  port: number;
  diagnosis: Diagnosis;
  hosted: HostedAdvice | null;
  warnings: string[];
  connections: number;
  elapsedMs: number;
}

const rank = (m: SslMode) => SSL_MODES.indexOf(m);

function anchorsFor(options: ProbeOptions, caPem: string | undefined, warnings: string[]): TrustAnchors[] {
  const out: TrustAnchors[] = [];
  if (options.caFile && caPem) out.push({ source: 'ca-file', origin: options.caFile, pems: splitPemBundle(caPem) });
  try {
    out.push(systemTrustAnchors());
  } catch (error) {
    if (options.systemCa) throw error;
    warnings.push('No operating-system trust store was found; only Node\'s bundled roots were checked.');
  }
  out.push(nodeTrustAnchors());
  return out;
}

function hasCredentials(target: EngineTarget): boolean {
  return Boolean(target.user) || target.secrets.length > 0;
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Finds the strictest mode that works against a server and how to ask for
 * it, with at most two connections: one unvalidated TLS handshake through the
 * engine's own upgrade (its `probe` capability), then, offline, whether
 * verify-ca and verify-identity pass against the given CA, the system store
 * and Node's roots; and, only when the URL has credentials and the server
 * offers TLS, one confirming login at the recommended mode. Credentials and
 * user names are never sent in plain text.
 *
 * @example
 * ```ts
 * const result = await probe(postgresEngine, { url: 'postgres://db.example.com/app' });
 * console.log(result.recommendedMode, result.recommendation.flags.join(' '));
 * ```
 */
export async function probe(engine: EngineDefinition, options: ProbeOptions): Promise<ProbeResult | ProbeFailure> {
  const started = performance.now();
  if (engine.defaultMode === NOT_APPLICABLE || engine.defaultPort === undefined) {
    throw new DbtlsError('invalid-option', `${engine.displayName} has no network protocol: there is nothing to probe.`);
  }
  if (!engine.probe) throw new DbtlsError('invalid-option', `The ${engine.displayName} engine has no probe capability (engine.probe); upgrade the plugin, or use dbtls connect.`);
  const target = engine.parseUrl(options.url);
  const secrets = [...target.secrets, ...(options.passphrase ? [options.passphrase] : [])];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  checkTimeout(timeoutMs, 'timeoutMs');
  const warnDays = options.warnDays ?? DEFAULT_WARN_DAYS;
  if (!Number.isInteger(warnDays) || warnDays < 0) throw new DbtlsError('invalid-option', `The warning period must be a whole number of days, not ${options.warnDays}.`);
  const caFile = options.caFile ?? target.tls?.caFile;
  const servername = options.servername ?? target.tls?.servername;
  // Reads and checks the CA file (and client files) up front: bad input fails before any traffic.
  const material = loadTlsMaterial({
    mode: 'required',
    ...(caFile ? { caFile } : {}),
    ...(options.certFile ? { certFile: options.certFile } : {}),
    ...(options.keyFile ? { keyFile: options.keyFile } : {}),
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
  });
  const warnings = [...target.warnings];
  const notes: string[] = [];
  const anchors = anchorsFor({ ...options, ...(caFile ? { caFile } : {}) }, caFile ? splitPemBundle(material.ca ?? '').join('\n') : undefined, warnings);
  const name = servername ?? target.host;
  const sni = !isIpAddress(name) ? name : undefined;
  const hosted = hostedAdviceFor(target.host, { engine: engine.id, port: target.port });
  const step = (s: string) => options.onStep?.(s);

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(new DbtlsError('aborted', 'The probe was aborted.'));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let connections = 0;
  try {
    const handshakeAt = async (port: number): Promise<ProbeHandshake> => {
      step(`TLS handshake with ${target.host}:${port}`);
      const timer = setTimeout(() => controller.abort(Object.assign(new Error(`No answer from ${target.host}:${port} within ${timeoutMs} ms.`), { code: 'DBTLS_TIMEOUT' })), timeoutMs);
      try {
        const result = await engine.probe!.handshake({ url: options.url, target, port, ...(sni ? { servername: sni } : {}), timeoutMs, signal: controller.signal });
        connections += result.connections;
        return result;
      } finally {
        clearTimeout(timer);
      }
    };
    let handshake: ProbeHandshake;
    try {
      handshake = await handshakeAt(target.port);
    } catch (error) {
      if (isDbtlsError(error) && error.code !== 'timeout') throw error;
      const cause = controller.signal.aborted && controller.signal.reason ? controller.signal.reason : error;
      const diagnosis = diagnoseError(engine, cause, { requestedMode: null, effectiveMode: null, given: { ca: Boolean(caFile), clientCertificate: false }, host: name }, secrets);
      return { ok: false, engine: engine.id, host: target.host, port: target.port, diagnosis, hosted, warnings, connections: Math.max(connections, 1), elapsedMs: Math.round(performance.now() - started) };
    }
    let tlsPort = target.port;
    let offersTls: OffersTls = handshake.offersTls ? 'yes' : 'no';
    const evidence = [...handshake.evidence];
    notes.push(...(handshake.notes ?? []));
    if (!handshake.offersTls && connections < 2) {
      const other = engine.probe.tlsPorts?.(target.port).find((p) => p !== target.port);
      if (other !== undefined) {
        const second = await handshakeAt(other).catch(() => undefined);
        if (second?.offersTls) {
          offersTls = 'other-port';
          tlsPort = other;
          evidence.push(...second.evidence.map((e) => `port ${other}: ${e}`));
          handshake = { ...second, plainAccepted: handshake.plainAccepted, evidence };
        } else if (second) evidence.push(`port ${other}: no TLS either`);
      }
    }
    const requiresTls: RequiresTls = offersTls === 'no' ? 'no' : handshake.plainAccepted === true ? 'no' : handshake.plainAccepted === false ? 'yes' : 'unknown';
    const chain = peerChainOf(handshake.tls);
    const health = chain.length ? await assessCertificates(chain, { anchors, warnDays, host: name }) : null;
    if (health) warnings.push(...health.warnings);
    const trust = health?.trust ?? [];
    const passing = (source: TrustSource | undefined) => trust.find((v) => v.source === source && v.chainValid);
    // Prefer what needs no flag (Node's roots), then the CA file given, then the system store.
    const chainTrust = (passing('node') ?? passing('ca-file') ?? passing('system'))?.source ?? null;
    const identity = Boolean(health?.hostname?.matches);
    const verdicts: ProbeResult['verdicts'] = {
      'verify-ca': { passes: chainTrust !== null, trust: chainTrust },
      'verify-identity': { passes: chainTrust !== null && identity, trust: chainTrust !== null && identity ? chainTrust : null },
    };

    let mode: SslMode;
    let reason: string;
    if (offersTls === 'no') {
      mode = engine.fallback.capability === 'none' ? 'disabled' : 'preferred';
      reason =
        mode === 'disabled'
          ? `The server offers no TLS${handshake.error ? ` (${handshake.error.code ?? handshake.error.message})` : ''}: only "disabled" connects, and it sends everything, password included, in plain text. Enable TLS on the server.`
          : 'The server offers no TLS: "preferred" connects (in plain text, password included) and switches to TLS by itself once the server enables it.';
    } else if (handshake.clientCertificateRequired && !material.cert) {
      mode = verdicts['verify-identity'].passes ? 'verify-identity' : verdicts['verify-ca'].passes ? 'verify-ca' : 'required';
      reason = 'The server requires a client certificate: pass one with --cert and --key.';
    } else if (verdicts['verify-identity'].passes) {
      mode = 'verify-identity';
      reason = `The chain validates against ${describeTrust(chainTrust!, trust)} and the certificate names ${name}.`;
    } else if (verdicts['verify-ca'].passes) {
      mode = 'verify-ca';
      reason = `The chain validates against ${describeTrust(chainTrust!, trust)}, but the certificate does not name ${name}${health?.certificates[0]?.subjectAltNames.length ? ` (it names ${health.certificates[0].subjectAltNames.join(', ')})` : ''}.`;
    } else {
      mode = 'required';
      const why = trust.map((v) => `${v.source}: ${v.error}`).join('; ');
      reason = `The chain validates against no trust source checked (${why}): "required" encrypts without validating. Pass the issuing CA with --ca to verify.`;
    }
    if (engine.unsupportedModes?.[mode]) {
      const stronger = SSL_MODES.filter((m) => rank(m) > rank(mode) && !engine.unsupportedModes?.[m] && (m !== 'verify-identity' || verdicts['verify-identity'].passes) && (m !== 'verify-ca' || verdicts['verify-ca'].passes));
      notes.push(`${engine.displayName} cannot honour "${mode}": ${engine.unsupportedModes[mode]}`);
      if (stronger[0]) mode = stronger[0];
    }
    if (hosted && rank(hosted.recommendedMode) > rank(mode) && offersTls !== 'no') {
      warnings.push(...hostedModeWarnings(hosted, mode, { caGiven: Boolean(caFile) }));
    }
    const trustFor = rank(mode) >= rank('verify-ca') ? chainTrust : null;
    const flags = ['--ssl-mode', mode];
    if (trustFor === 'ca-file' && caFile) flags.push('--ca', caFile);
    if (trustFor === 'system') flags.push('--ca', 'system');
    if (servername) flags.push('--servername', servername);
    const view = engine.driverOptions({ mode, tls: { ...(trustFor === 'ca-file' && caFile ? { caFile } : trustFor === 'system' ? { caFile: 'the system trust store' } : {}), ...(servername ? { servername } : {}) }, host: target.host });
    const displayUrl = tlsPort !== target.port ? target.displayUrl.replace(`:${target.port}`, `:${tlsPort}`) : target.displayUrl;
    const recommendation: ProbeRecommendation = {
      mode,
      trust: trustFor,
      flags,
      urlParameters: view.urlParameters ?? null,
      command: ['dbtls', 'connect', quote(displayUrl), ...flags.map(quote)].join(' '),
      ...(tlsPort !== target.port ? { port: tlsPort } : {}),
      reason,
    };
    if (offersTls === 'other-port') notes.push(`Port ${target.port} has no TLS; port ${tlsPort} speaks TLS: connect there.`);

    let login: ProbeResult['login'];
    if (!hasCredentials(target)) login = { attempted: false, reason: 'The URL has no credentials: nothing was logged in (no user name was sent).' };
    else if (offersTls === 'no') login = { attempted: false, reason: 'The server offers no TLS: dbtls probe never sends credentials in plain text.' };
    else if (connections >= 2) login = { attempted: false, reason: 'Two connections were used already.' };
    else {
      const extraCa = trustFor === 'ca-file' ? { caFile: caFile! } : trustFor === 'system' ? { systemCa: true } : {};
      step(`confirming login in mode ${mode}`);
      const url = tlsPort !== target.port ? options.url.replace(`:${target.port}`, `:${tlsPort}`) : options.url;
      const result: ConnectResult = await connect(engine, {
        url,
        mode,
        ...extraCa,
        ...(servername ? { servername } : {}),
        ...(options.certFile ? { certFile: options.certFile } : {}),
        ...(options.keyFile ? { keyFile: options.keyFile } : {}),
        ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
        timeoutMs,
        warnDays,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      connections += 1;
      login = { attempted: true, mode, ok: result.ok, diagnosis: result.ok ? null : result.diagnosis, serverVersion: result.ok ? result.serverVersion : null };
      for (const w of result.warnings) if (!warnings.includes(w)) warnings.push(w);
    }
    if (login.attempted === false && connections < 2 && engine.probe.extra && offersTls === 'yes') {
      const extra = await engine.probe.extra({ url: options.url, target, port: target.port, ...(sni ? { servername: sni } : {}), timeoutMs, signal: controller.signal }, handshake).catch(() => undefined);
      if (extra) {
        connections += extra.connections;
        notes.push(...extra.notes);
      }
    }
    const result: ProbeResult = {
      ok: true,
      engine: engine.id,
      host: target.host,
      port: target.port,
      method: handshake.method,
      offersTls,
      requiresTls,
      tls: handshake.tls ? { protocol: handshake.tls.protocol, cipher: handshake.tls.cipher, port: tlsPort } : null,
      certificates: health?.certificates ?? [],
      trust,
      hostname: health?.hostname ?? null,
      verdicts,
      recommendedMode: mode,
      recommendation,
      login,
      hosted,
      serverVersion: (login.attempted && login.serverVersion) || handshake.serverVersion || null,
      clientCertificateRequired: handshake.clientCertificateRequired ?? null,
      evidence,
      notes,
      warnings: warnings.map((w) => redactText(w, secrets)),
      connections,
      elapsedMs: Math.round(performance.now() - started),
    };
    return result;
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    if (!controller.signal.aborted) controller.abort(new DbtlsError('aborted', 'finished'));
  }
}

function describeTrust(source: TrustSource, trust: TrustVerdict[]): string {
  const v = trust.find((t) => t.source === source);
  return source === 'node' ? "Node's bundled roots (no --ca needed)" : source === 'system' ? `the system trust store (${v?.origin ?? 'system'}; pass --ca system)` : `the CA file ${v?.origin ?? ''}`;
}
