import { describe, expect, it } from 'vitest';
import { parseClickHouseUrl } from './clickhouse-url.js';
import { clickhouseDriverOptions } from './clickhouse-ssl.js';

describe('parseClickHouseUrl', () => {
  it('defaults the port by scheme and reads the database', () => {
    expect(parseClickHouseUrl('clickhouse://localhost').port).toBe(8123);
    expect(parseClickHouseUrl('http://localhost').port).toBe(8123);
    const t = parseClickHouseUrl('https://lab:pw@localhost/logs');
    expect([t.port, t.mode, t.config.database, t.config.username]).toEqual([8443, 'verify-identity', 'logs', 'lab']);
    expect(t.displayUrl).not.toContain(':pw@');
  });
  it('rejects other schemes', () => {
    expect(() => parseClickHouseUrl('redis://localhost')).toThrow(/not a ClickHouse URL/);
  });
});

describe('clickhouseDriverOptions', () => {
  it('uses an https.Agent for every TLS mode and keeps cert/key out of the client tls option', () => {
    const v = clickhouseDriverOptions({ mode: 'verify-ca', tls: { caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem' }, host: 'ch' });
    expect(String(v.options.http_agent)).toContain('"rejectUnauthorized":true');
    expect(v.options.tls).toBeUndefined();
    expect(v.notes.join(' ')).toMatch(/certificate authentication/);
    expect(clickhouseDriverOptions({ mode: 'disabled', tls: {}, host: 'ch' }).options.http_agent).toBeUndefined();
  });
});
