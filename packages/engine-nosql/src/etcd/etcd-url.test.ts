import { describe, expect, it } from 'vitest';
import { parseEtcdUrl } from './etcd-url.js';
import { etcdDriverOptions } from './etcd-ssl.js';

describe('parseEtcdUrl', () => {
  it('reads etcd://, etcds:// and http(s):// endpoints', () => {
    expect(parseEtcdUrl('etcd://localhost').port).toBe(2379);
    expect(parseEtcdUrl('etcds://localhost').mode).toBe('verify-identity');
    expect(parseEtcdUrl('https://127.0.0.1:23790').mode).toBe('verify-identity');
    expect(parseEtcdUrl('http://127.0.0.1:23790').mode).toBeUndefined();
  });
  it('keeps etcd credentials out of the display URL', () => {
    const t = parseEtcdUrl('etcd://root:pw@localhost');
    expect(t.auth).toEqual({ username: 'root', password: 'pw' });
    expect(t.displayUrl).not.toContain(':pw@');
  });
  it('rejects paths and other schemes', () => {
    expect(() => parseEtcdUrl('etcd://localhost/x')).toThrow(/no path/);
    expect(() => parseEtcdUrl('redis://localhost')).toThrow(/not an etcd endpoint/);
  });
});

describe('etcdDriverOptions', () => {
  it('shows grpc-js verifyOptions per mode', () => {
    const view = (mode: 'required' | 'verify-ca' | 'verify-identity') => JSON.stringify(etcdDriverOptions({ mode, tls: { caFile: 'ca.pem' }, host: 'h' }).options);
    expect(view('required')).toContain('rejectUnauthorized: false');
    expect(view('verify-ca')).toContain('checkServerIdentity: () => undefined');
    expect(view('verify-identity')).toContain("tls.checkServerIdentity('h', cert)");
    expect(JSON.stringify(etcdDriverOptions({ mode: 'disabled', tls: {}, host: 'h' }).options)).toContain('createInsecure');
  });
});
