import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRegistry, isDbtlsError, parseConnectionString, translate, type SslMode } from '@dbtls/core';
import { engines } from './mssql-engine.js';

const registry = createRegistry([engines]);
const read = (s: string) => parseConnectionString(registry, s);
const to = (s: string, target: string, allowWeaker = false) => translate(read(s), registry.getTarget(target, 'mssql'), { allowWeaker });

describe('SQL Server readings', () => {
  it('parseConnectionString finds the engine for each syntax and names the client', () => {
    expect(read('Server=tcp:db,1433;Encrypt=Strict').client.id).toBe('ado');
    expect(read('jdbc:sqlserver://db;encrypt=true').client.id).toBe('jdbc-mssql');
    expect(read('sqlserver://db?encrypt=true').client.id).toBe('go-mssqldb');
    expect(read('mssql://db?encrypt=true').client.id).toBe('tedious');
  });

  it('every field carries its source; Strict is directTls; defaults say whose', () => {
    const r = read('Server=tcp:db.example.com,1433;User ID=app;Password=pw;Encrypt=Strict;HostNameInCertificate=sql.example.com');
    expect(r.mode).toEqual({ value: 'verify-identity', source: { from: 'parameter', parameter: 'Encrypt', value: 'Strict' } });
    expect(r.directTls).toMatchObject({ value: true, source: { parameter: 'Encrypt' } });
    expect(r.servername).toMatchObject({ value: 'sql.example.com', source: { parameter: 'HostNameInCertificate' } });
    expect(r.password).toBe('pw');
    expect(read('Server=db').mode.source).toMatchObject({ from: 'default' });
  });
});

// strings and their translations, per target
const TABLE: [string, string, string, SslMode][] = [
  ['mssql://app:pw@db:1433/sales?encrypt=true', 'ado', 'Server=tcp:db,1433;Database=sales;User ID=app;Password=pw;Encrypt=Mandatory;TrustServerCertificate=False', 'verify-identity'],
  ['mssql://app:pw@db:1433/sales?encrypt=true&trustServerCertificate=true', 'ado', 'Server=tcp:db,1433;Database=sales;User ID=app;Password=pw;Encrypt=Mandatory;TrustServerCertificate=True', 'required'],
  ['sqlserver://app:pw@db?encrypt=strict&hostNameInCertificate=sql.example.com', 'ado', 'Server=tcp:db,1433;User ID=app;Password=pw;Encrypt=Strict;TrustServerCertificate=False;HostNameInCertificate=sql.example.com', 'verify-identity'],
  ['Server=tcp:db,1433;Database=x;User ID=app;Password="p;w";Encrypt=Mandatory', 'jdbc-mssql', 'jdbc:sqlserver://db:1433;databaseName=x;user=app;password={p;w};encrypt=true;trustServerCertificate=false', 'verify-identity'],
  ['Server=tcp:db,1433;Encrypt=Strict', 'jdbc-mssql', 'jdbc:sqlserver://db:1433;encrypt=strict;trustServerCertificate=false', 'verify-identity'],
  ['Server=db;Encrypt=Optional;TrustServerCertificate=True', 'jdbc-mssql', 'jdbc:sqlserver://db:1433;encrypt=false;trustServerCertificate=true', 'preferred'],
  ['Server=tcp:db,1433;Database=x;User ID=app;Password=p@ss;Encrypt=Mandatory', 'tedious', 'mssql://app:p%40ss@db:1433/x?encrypt=true&trustServerCertificate=false', 'verify-identity'],
  ['jdbc:sqlserver://db;encrypt=strict;trustServerCertificate=false', 'tedious', 'mssql://db:1433/?encrypt=strict&trustServerCertificate=false', 'verify-identity'],
  ['sqlserver://db?encrypt=disable', 'tedious', 'mssql://db:1433/?encrypt=false', 'disabled'],
];

describe('SQL Server translations', () => {
  it.each(TABLE)('%s --to %s', (input, target, text, mode) => {
    const out = to(input, target, true);
    expect(out.text).toBe(text);
    expect(out.mode.target).toBe(mode);
  });

  it('says what is lost and refuses a weaker result unless allowed', () => {
    const strictWithCa = 'sqlserver://db?encrypt=true&certificate=/etc/ca.pem';
    expect(() => to(strictWithCa, 'ado')).toThrow(expect.objectContaining({ code: 'weaker-translation' }));
    const allowed = to(strictWithCa, 'ado', true);
    expect(allowed.lost).toEqual(expect.arrayContaining([expect.objectContaining({ parameter: 'certificate', weakens: true })]));
    // go-mssqldb's "no TLS" has no SqlClient spelling: Optional still encrypts the login (stronger, not refused)
    const off = to('sqlserver://db?encrypt=disable', 'ado');
    expect(off.mode.target).toBe('preferred');
    expect(off.lost[0]).toMatchObject({ parameter: 'mode', weakens: false });
    // dbtls "preferred" → SqlClient Optional encrypts the login only: weaker
    let caught: unknown;
    try {
      to('mssql://db?sslmode=preferred', 'ado');
    } catch (error) {
      caught = error;
    }
    expect(isDbtlsError(caught) && caught.code).toBe('weaker-translation');
    expect(to('mssql://db?sslmode=preferred', 'tedious').mode.target).toBe('required');
  });

  it('property: translating to a target and reading the result back keeps mode, strictness and name', () => {
    const mode = fc.constantFrom<SslMode>('disabled', 'preferred', 'required', 'verify-ca', 'verify-identity');
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5})?$/).filter((n) => !n.startsWith('xn--')); // an undecodable xn-- label is not a host
    const password = fc.string({ minLength: 1, maxLength: 12 }).filter((p) => !/[\u0000-\u001f]/.test(p));
    fc.assert(
      fc.property(mode, fc.boolean(), name, fc.option(name, { nil: undefined }), password, fc.constantFrom('ado', 'jdbc-mssql', 'tedious'), (m, strict, host, servername, pw, target) => {
        const source = `mssql://app:${encodeURIComponent(pw)}@${host}:1433/db?sslmode=${m}${strict && m !== 'disabled' ? '&encrypt=strict' : ''}${servername ? `&hostNameInCertificate=${servername}` : ''}`;
        const reading = read(source);
        const out = translate(reading, registry.getTarget(target), { allowWeaker: true });
        const back = read(out.text);
        expect(back.mode.value).toBe(out.mode.target);
        expect(back.directTls?.value ?? false).toBe(strict && m !== 'disabled' && out.mode.target !== 'disabled');
        expect(back.password).toBe(pw);
        expect(back.hosts[0]).toEqual({ host, port: 1433 });
        if (servername && out.mode.target === 'verify-identity') expect(back.servername?.value).toBe(servername);
        // never weaker than the source unless a lost item says so
        const order = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'];
        if (order.indexOf(out.mode.target) < order.indexOf(m)) expect(out.lost.some((l) => l.weakens)).toBe(true);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
