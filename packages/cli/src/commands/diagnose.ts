import { DbtlsError, diagnoseError, NOT_APPLICABLE, parseSslMode } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { formatDiagnosis } from '../output.js';
import { escapeControls } from '../terminal-safe.js';

/** `dbtls diagnose --engine id <message...>`: classifies a pasted error without connecting. */
export default defineCommand({
  description: 'classify a pasted driver or server error without connecting',
  arguments: [{ name: 'message', variadic: true, description: 'the error message to classify' }],
  options: {
    ...COMMON_OPTIONS,
    engine: { type: 'string', value: 'id', required: true, description: 'engine whose driver produced the message' },
    'ssl-mode': { type: 'string', value: 'mode', description: 'the mode that was requested' },
    code: { type: 'string', value: 'code', description: 'the error code, if the driver gave one separately' },
  },
  async run({ args, values, print, registry }) {
    const engine = (await registry(values.engine as string)).get(values.engine as string);
    const message = args.join(' ');
    if (message.trim() === '') throw new DbtlsError('invalid-option', 'Give the error message to classify (it was empty), for example: dbtls diagnose --engine postgres "password authentication failed for user \\"app\\"".');
    const sslMode = values['ssl-mode'] as string | undefined;
    const mode = sslMode ? parseSslMode(sslMode) : engine.defaultMode === NOT_APPLICABLE ? null : engine.defaultMode;
    const code = (values.code as string | undefined) ?? /\b(E[A-Z]{3,}|ERR_[A-Z0-9_]+|[A-Z]+(?:_[A-Z0-9]+){2,}|28P01|28000)\b/.exec(message)?.[1];
    const error = Object.assign(new Error(message), code ? { code } : {});
    const diagnosis = diagnoseError(engine, error, { requestedMode: mode, effectiveMode: mode, given: { ca: false, clientCertificate: false } });
    print(values.json as boolean | undefined, { engine: engine.id, mode, diagnosis }, () => [`${engine.displayName}: ${diagnosis.cause}`, ...formatDiagnosis(escapeControls(diagnosis), mode)].join('\n'));
  },
});
