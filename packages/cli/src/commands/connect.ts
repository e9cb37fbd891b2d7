import { connect } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { EXIT } from '../exit-codes.js';
import { formatConnect } from '../output.js';
import { TLS_OPTIONS, tlsInputs, WARN_DAYS_OPTION, warnDaysInput } from '../tls-flags.js';
import { escapeControls } from '../terminal-safe.js';

/** `dbtls connect <url>`: one connect and round trip, then the TLS report or the diagnosis. */
export default defineCommand({
  description: 'connect, make one round trip, and print the TLS report or the diagnosis',
  arguments: [{ name: 'url', description: 'connection URL, e.g. postgres://user@host:5432/db?sslmode=verify-full' }],
  options: { ...COMMON_OPTIONS, ...TLS_OPTIONS, ...WARN_DAYS_OPTION, timeout: { type: 'string', value: 'ms', default: '10000', description: 'give up after this many milliseconds' } },
  async run({ args: [url], values, io, secrets, print, registry }) {
    const engine = (await registry((values.engine as string | undefined) ?? url)).resolve(url!, values.engine as string | undefined);
    const inputs = tlsInputs(values, io);
    const warnDays = warnDaysInput(values['warn-days']);
    if (warnDays !== undefined) inputs.warnDays = warnDays;
    if (inputs.passphrase) secrets.push(inputs.passphrase);
    secrets.push(...engine.parseUrl(url!).secrets);
    const result = await connect(engine, { url: url!, ...inputs });
    print(values.json as boolean | undefined, result, () => formatConnect(escapeControls(result)));
    return result.ok ? EXIT.ok : EXIT.connectionFailed;
  },
});
