import { describe, expect, it } from 'vitest';
import type { FleetResult } from './fleet-runner.js';
import { junitReport, xmlEscape } from './junit-report.js';

const base: FleetResult = {
  name: 'orders',
  engine: 'postgres',
  url: 'postgres://app:***@db/orders',
  host: 'db',
  port: 5432,
  status: 'pass',
  connected: true,
  mode: { requested: 'verify-identity', effective: 'verify-identity', url: 'verify-identity' },
  encrypted: true,
  fellBack: false,
  tls: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
  certificate: { subject: 'CN=db', issuer: 'CN=ca', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', daysLeft: 120 },
  hosted: null,
  cause: null,
  recommendedMode: null,
  summary: null,
  problems: [],
  warnings: [],
  elapsedMs: 42,
};

describe('junitReport', () => {
  it('writes one testcase per target, a failure with the cause as type, warnings in system-out', () => {
    const xml = junitReport(
      [
        base,
        { ...base, name: 'cache<1>', engine: 'redis', status: 'fail', cause: 'certificate-untrusted', recommendedMode: 'required', problems: [{ severity: 'fail', cause: 'certificate-untrusted', message: 'The server certificate is not trusted: "self-signed" & co.' }] },
        { ...base, name: 'billing', status: 'warn', cause: 'certificate-expiring', problems: [{ severity: 'warn', cause: 'certificate-expiring', message: 'The server certificate expires in 9 days (warn under 30 days).' }] },
      ],
      { elapsedMs: 1500, timestamp: new Date('2026-12-01T10:00:00.123Z') },
    );
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="dbtls check" tests="3" failures="1" errors="0" time="1.500">/);
    expect(xml).toContain('timestamp="2026-12-01T10:00:00"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('<testcase classname="dbtls.redis" name="cache&lt;1&gt;" time="0.042">');
    expect(xml).toContain('<failure type="certificate-untrusted" message="The server certificate is not trusted: &quot;self-signed&quot; &amp; co.">');
    expect(xml).toContain('recommended mode: required');
    expect(xml).toContain('warning: certificate-expiring: The server certificate expires in 9 days');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlEscape(`a<b>&"c"'\u0000\u001b[31m`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;[31m');
  });
});
