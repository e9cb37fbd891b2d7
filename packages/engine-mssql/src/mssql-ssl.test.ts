import { describe, expect, it } from 'vitest';
import { mssqlDriverOptions } from './mssql-ssl.js';

describe('mssqlDriverOptions', () => {
  it('describes TDS 8 strict encryption (TLS first) when the string asks for it, and PRELOGIN otherwise', () => {
    const strict = mssqlDriverOptions({ mode: 'verify-identity', tls: {}, host: 'db', directTls: true });
    expect(strict.notes.join(' ')).toMatch(/TDS 8.*ALPN "tds\/8\.0"/);
    expect(strict.notes.join(' ')).not.toMatch(/PRELOGIN \(ENCRYPTION ON\)/);
    expect(strict.urlParameters).toMatchObject({ encrypt: 'strict' });
    const classic = mssqlDriverOptions({ mode: 'verify-identity', tls: {}, host: 'db' });
    expect(classic.notes.join(' ')).toMatch(/PRELOGIN \(ENCRYPTION ON\)/);
    expect(classic.urlParameters).toMatchObject({ encrypt: 'true' });
  });
});
