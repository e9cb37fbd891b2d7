import { DbtlsError } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { fleetRegistry, FLEET_OPTIONS, wholeNumber } from '../fleet-flags.js';

/**
 * `dbtls exporter --config FILE`: a Prometheus multi-target exporter for the
 * targets of a file (`/probe?target=NAME`, `/metrics`), running until SIGINT
 * or SIGTERM. The server is `@dbtls/fleet`'s `startExporter`.
 */
export default defineCommand({
  description: 'serve Prometheus metrics: GET /probe?target=NAME probes one target of the targets file, GET /metrics the exporter itself; see docs/prometheus.md',
  options: {
    config: { type: 'string', value: 'file', required: true, description: 'targets file, YAML or JSON; only its targets can be probed' },
    listen: { type: 'string', value: 'host:port', default: '127.0.0.1:9187', description: 'address to listen on (loopback unless told otherwise)' },
    'max-probes': { type: 'string', value: 'n', default: '4', description: 'most probes running at once; more wait for a slot until their deadline, then get 503' },
    'probe-timeout': { type: 'string', value: 'ms', default: '10000', description: "longest probe (Prometheus' scrape timeout header can shorten it)" },
    ...FLEET_OPTIONS,
  },
  async run({ values, io, secrets }) {
    const fleet = await import('@dbtls/fleet');
    let listen;
    try {
      listen = fleet.parseListen(values.listen as string);
    } catch (error) {
      throw new DbtlsError('invalid-option', `--listen: ${(error as Error).message}`);
    }
    const maxProbes = wholeNumber('--max-probes', values['max-probes'], 1, 256)!;
    const probeTimeoutMs = wholeNumber('--probe-timeout', values['probe-timeout'], 100, 600_000)!;
    const config = await fleet.loadFleetConfig(values.config as string, io.cwd);
    const registry = await fleetRegistry(io, config, (values.plugin as string[] | undefined) ?? []);
    const { targets, warnings } = fleet.prepareFleet(config, registry, { env: io.env, allowLiteralPasswords: Boolean(values['allow-literal-passwords']) });
    secrets.push(...targets.flatMap((t) => t.secrets));
    for (const w of warnings) io.err(`! ${w}`);
    if (!fleet.isLoopback(listen.host)) io.err(`! Listening on ${listen.host}, not loopback: anyone who can reach this port can make the exporter probe the targets of the file and read their TLS metrics. Put it behind a firewall or an authenticating proxy.`);
    let exporter;
    try {
      exporter = await fleet.startExporter({ targets, ...listen, maxProbes, probeTimeoutMs, log: (line) => io.err(line) });
    } catch (error) {
      throw new DbtlsError('invalid-option', `Cannot listen on ${String(values.listen)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { cause: error });
    }
    io.err(`dbtls exporter listening on ${exporter.url} (${targets.length} targets, at most ${maxProbes} probes at once): /probe?target=NAME, /metrics`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await exporter.close();
  },
});
