import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { runTranslate } from '../reading-output.js';

/** `dbtls translate <string> --to <target>`: the same TLS meaning in another client's syntax. */
export default defineCommand({
  description:
    "read a connection string with its own client's rules and write it in another client's syntax, saying what is lost; refuses (exit 2) a result weaker than the source unless --allow-weaker. Without --to, lists the targets that fit the string's engine.",
  arguments: [{ name: 'string', description: 'a connection string: a URL, libpq keyword/value (host=… sslmode=…), a JDBC URL …' }],
  options: {
    ...COMMON_OPTIONS,
    to: { type: 'string', value: 'target', description: 'target client syntax (libpq, libpq-keyword, node-postgres, pgjdbc, prisma, …); omit to list them' },
    engine: { type: 'string', value: 'id', description: 'engine id or alias, for strings whose syntax does not name one' },
    'allow-weaker': { type: 'boolean', description: 'write the translation even when it is weaker than the source' },
    'show-password': { type: 'boolean', description: 'print the password instead of masking it' },
  },
  async run({ args: [input], values, io, secrets, print, registry }) {
    const json = values.json as boolean | undefined;
    const showPassword = Boolean(values['show-password']);
    const out = runTranslate(await registry(), input!, {
      ...(values.to ? { to: values.to as string } : {}),
      ...(values.engine ? { engine: values.engine as string } : {}),
      allowWeaker: Boolean(values['allow-weaker']),
      showPassword,
    });
    secrets.push(...out.secrets);
    // --show-password: the text is printed as written (the JSON printer would mask the URL's password).
    if (showPassword) io.out(json ? JSON.stringify(out.json, null, 2) : out.human);
    else print(json, out.json, () => out.human);
  },
});
