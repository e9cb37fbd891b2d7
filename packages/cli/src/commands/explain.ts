import { hostedAdviceFor, hostedModeWarnings, NOT_APPLICABLE, type SslMode } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { formatExplain, formatHosted } from '../output.js';
import { TLS_OPTIONS, tlsInputs } from '../tls-flags.js';

const looksLikeUrl = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value);

/** `dbtls explain <engine-or-url>`: the driver options and URL parameters a mode maps to. */
export default defineCommand({
  description: 'show the driver options and URL parameters a mode maps to',
  arguments: [{ name: 'engine-or-url', description: 'an engine id (postgres) or a URL' }],
  options: { ...COMMON_OPTIONS, ...TLS_OPTIONS },
  async run({ args: [subject], values, io, secrets, print, registry }) {
    const reg = await registry();
    const json = values.json as boolean | undefined;
    const engineFlag = values.engine as string | undefined;
    const isUrl = looksLikeUrl(subject!) && !reg.find(subject!.replace(/:$/, ''));
    const engine = isUrl ? reg.resolve(subject!, engineFlag) : reg.get(engineFlag ?? subject!);
    const target = isUrl ? engine.parseUrl(subject!) : undefined;
    if (target) secrets.push(...target.secrets);
    const inputs = tlsInputs(values, io);
    const warnings = [...(target?.warnings ?? [])];
    if (engine.defaultMode === NOT_APPLICABLE) {
      if (inputs.mode || target?.mode || inputs.caFile || inputs.certFile || inputs.keyFile) warnings.push(`${engine.displayName} has no network protocol: TLS modes and certificates do not apply and are ignored.`);
      const view = engine.driverOptions({ mode: 'disabled', tls: {}, ...(target ? { host: target.host } : {}) });
      print(json, { engine: engine.id, mode: { requested: NOT_APPLICABLE, effective: NOT_APPLICABLE }, fallback: engine.fallback, ...view, warnings }, () => formatExplain(engine, NOT_APPLICABLE, view, warnings));
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
        passphrase: Boolean(tls.passphrase),
      },
      ...(target ? { host: target.host } : {}),
    });
    const hosted = target ? hostedAdviceFor(target.host, { engine: engine.id, port: target.port }) : null;
    if (hosted) warnings.push(...hostedModeWarnings(hosted, effective, { caGiven: Boolean(tls.caFile || tls.systemCa) }));
    print(json, { engine: engine.id, mode: { requested, effective }, fallback: engine.fallback, ...view, hosted, warnings }, () =>
      [formatExplain(engine, requested === effective ? requested : `${requested} → ${effective}`, view, warnings), ...(hosted ? ['', ...formatHosted(hosted)] : [])].join('\n'),
    );
  },
});
