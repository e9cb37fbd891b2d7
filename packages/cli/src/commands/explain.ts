import { hostedAdviceFor, hostedModeWarnings, NOT_APPLICABLE, type SslMode } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { formatExplain, formatHosted } from '../output.js';
import { explainReading, formatReading } from '../reading-output.js';
import { TLS_OPTIONS, tlsInputs } from '../tls-flags.js';
import { escapeControls } from '../terminal-safe.js';

const looksLikeUrl = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value);

/** `dbtls explain <engine-or-url>`: the driver options and URL parameters a mode maps to. */
export default defineCommand({
  description: 'show the driver options and URL parameters a mode maps to',
  arguments: [{ name: 'engine-or-url', description: 'an engine id (postgres), or a connection string (URL, libpq host=… sslmode=…, JDBC URL …): its reading is shown with the source of every value' }],
  options: { ...COMMON_OPTIONS, ...TLS_OPTIONS },
  async run({ args: [subject], values, io, secrets, print, registry }) {
    const reg = await registry((values.engine as string | undefined) ?? subject);
    const json = values.json as boolean | undefined;
    const engineFlag = values.engine as string | undefined;
    const isString = !reg.find(subject!.replace(/:$/, '')) && (looksLikeUrl(subject!) || subject!.includes('='));
    const read = isString ? explainReading(reg, subject!, engineFlag) : undefined;
    if (read) secrets.push(...read.reading.secrets);
    const engine = read ? reg.get(read.reading.engine) : reg.get(engineFlag ?? subject!);
    const r = read?.reading;
    const target = r
      ? {
          host: r.hosts[0]!.host,
          port: r.hosts[0]!.port,
          mode: r.mode.source.from === 'default' && engine.defaultMode === NOT_APPLICABLE ? undefined : r.mode.value,
          tls: { caFile: r.caFile?.value, systemCa: r.systemCa?.value, certFile: r.certFile?.value, keyFile: r.keyFile?.value, passphrase: r.passphrase?.value, servername: r.servername?.value, minTlsVersion: r.minTlsVersion?.value, maxTlsVersion: r.maxTlsVersion?.value, crlFile: r.crlFile?.value, crlDir: r.crlDir?.value },
          warnings: r.warnings.map((w) => w.message),
        }
      : undefined;
    const inputs = tlsInputs(values, io);
    const warnings = [...(target?.warnings ?? [])];
    if (engine.defaultMode === NOT_APPLICABLE) {
      if (inputs.mode || target?.mode || inputs.caFile || inputs.certFile || inputs.keyFile) warnings.push(`${engine.displayName} has no network protocol: TLS modes and certificates do not apply and are ignored.`);
      const view = engine.driverOptions({ mode: 'disabled', tls: {}, ...(target ? { host: target.host } : {}) });
      print(json, { engine: engine.id, mode: { requested: NOT_APPLICABLE, effective: NOT_APPLICABLE }, fallback: engine.fallback, ...view, warnings }, () => formatExplain(engine, NOT_APPLICABLE, escapeControls(view), escapeControls(warnings)));
      return;
    }
    const requested = (inputs.mode as SslMode | undefined) ?? target?.mode ?? engine.defaultMode;
    let effective: SslMode = requested;
    if (requested === 'preferred' && engine.fallback.capability === 'none') {
      effective = 'required';
      warnings.push(`${engine.displayName} cannot fall back to plain text safely, so "preferred" behaves as "required".`);
    }
    const unsupported = engine.unsupportedModes?.[effective];
    if (unsupported) warnings.push(`${engine.displayName} cannot honour "${effective}": ${unsupported}`);
    const tls = { ...(target?.tls ?? {}), ...inputs } as Record<string, unknown>;
    const view = engine.driverOptions({
      mode: effective,
      tls: {
        ...(tls.caFile || tls.systemCa ? { caFile: [tls.systemCa ? 'the system trust store' : '', (tls.caFile as string | undefined) ?? ''].filter(Boolean).join(' + ') } : {}),
        ...(tls.certFile ? { certFile: tls.certFile as string } : {}),
        ...(tls.keyFile ? { keyFile: tls.keyFile as string } : {}),
        ...(tls.servername ? { servername: tls.servername as string } : {}),
        ...(tls.minTlsVersion ? { minTlsVersion: tls.minTlsVersion as never } : {}),
        ...(tls.maxTlsVersion ? { maxTlsVersion: tls.maxTlsVersion as never } : {}),
        ...(tls.crlFile ? { crlFile: tls.crlFile as string } : {}),
        ...(tls.crlDir ? { crlDir: tls.crlDir as string } : {}),
        passphrase: Boolean(tls.passphrase),
      },
      ...(target ? { host: target.host } : {}),
      ...(r?.directTls?.value && effective !== 'disabled' ? { directTls: true } : {}),
    });
    const hosted = target ? hostedAdviceFor(target.host, { engine: engine.id, port: target.port }) : null;
    if (hosted) warnings.push(...hostedModeWarnings(hosted, effective, { caGiven: Boolean(tls.caFile || tls.systemCa) }));
    print(json, { engine: engine.id, mode: { requested, effective }, fallback: engine.fallback, ...view, ...(read ? { reading: read.view } : {}), hosted, warnings }, () =>
      [...(r ? [...formatReading(escapeControls(r)), ''] : []), formatExplain(engine, requested === effective ? requested : `${requested} → ${effective}`, escapeControls(view), escapeControls(warnings)), ...(hosted ? ['', ...formatHosted(hosted)] : [])].join('\n'),
    );
  },
});
