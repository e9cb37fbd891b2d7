import { checkTimeout, DbtlsError, probe } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { EXIT } from '../exit-codes.js';
import { formatProbe } from '../probe-output.js';
import { caInputs, warnDaysInput, WARN_DAYS_OPTION } from '../tls-flags.js';
import { escapeControls } from '../terminal-safe.js';

/** A progress line on stderr, only on a terminal (nothing when piped or with --json). */
async function progress(enabled: boolean): Promise<{ step(text: string): void; done(): void }> {
  if (!enabled) return { step: () => undefined, done: () => undefined };
  const { createSpinner } = await import('nanospinner');
  const spinner = createSpinner('probing', { stream: process.stderr }).start();
  return { step: (text) => void spinner.update({ text }), done: () => void spinner.clear().stop() };
}

/** `dbtls probe <url>`: the strictest mode that works against a server, and what to pass to get it. */
export default defineCommand({
  description: 'find the strictest TLS mode that works against a server, with at most two connections, and the flags and URL parameters to get it',
  arguments: [{ name: 'url', description: 'connection URL; with credentials, one confirming login is made at the recommended mode' }],
  options: {
    ...COMMON_OPTIONS,
    engine: { type: 'string', value: 'id', description: 'engine id or alias (default: from the URL scheme)' },
    ca: { type: 'string', multiple: true, value: 'file|system', description: 'judge the chain against this CA file and/or "system" (the OS store); Node\'s roots and the OS store are always checked' },
    servername: { type: 'string', value: 'name', description: 'SNI and the name verify-identity checks (default: the host)' },
    cert: { type: 'string', value: 'file', description: 'client certificate for the confirming login' },
    key: { type: 'string', value: 'file', description: 'client key for the confirming login' },
    'passphrase-env': { type: 'string', value: 'VAR', description: 'environment variable holding the client key passphrase' },
    ...WARN_DAYS_OPTION,
    timeout: { type: 'string', value: 'ms', default: '10000', description: 'give up on a connection after this many milliseconds' },
  },
  async run({ args: [url], values, io, secrets, print, registry }) {
    const engine = (await registry()).resolve(url!, values.engine as string | undefined);
    secrets.push(...engine.parseUrl(url!).secrets);
    const timeoutMs = checkTimeout(values.timeout, '--timeout');
    const passphraseEnv = values['passphrase-env'] as string | undefined;
    const passphrase = passphraseEnv ? io.env[passphraseEnv] : undefined;
    if (passphraseEnv && passphrase === undefined) throw new DbtlsError('invalid-option', `The environment variable ${passphraseEnv} (--passphrase-env) is not set.`);
    if (passphrase) secrets.push(passphrase);
    const warnDays = warnDaysInput(values['warn-days']);
    const json = values.json as boolean | undefined;
    const line = await progress(Boolean(process.stderr.isTTY) && !json);
    try {
      const result = await probe(engine, {
        url: url!,
        ...caInputs(values.ca),
        ...(values.servername ? { servername: values.servername as string } : {}),
        ...(values.cert ? { certFile: values.cert as string } : {}),
        ...(values.key ? { keyFile: values.key as string } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
        ...(warnDays !== undefined ? { warnDays } : {}),
        timeoutMs,
        onStep: line.step,
      });
      line.done();
      print(json, result, () => formatProbe(escapeControls(result)));
      return result.ok && (!result.login.attempted || result.login.ok) ? EXIT.ok : EXIT.connectionFailed;
    } finally {
      line.done();
    }
  },
});
