import { X509Certificate, createPrivateKey } from 'node:crypto';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { parseOracleUrl } from './oracle-url.js';
import { oracleConnectString, oracleDriverOptions } from './oracle-ssl.js';
import { oracleWallet, throwawayCertificate } from './oracle-wallet.js';
import { oracleEngine } from './oracle-engine.js';

describe('parseOracleUrl', () => {
  it('oracle:// is plain by default on 1521; tcps:// is verify-identity on 2484', () => {
    expect(parseOracleUrl('oracle://app:pw@db/FREEPDB1')).toMatchObject({ host: 'db', port: 1521, service: 'FREEPDB1', user: 'app' });
    expect(parseOracleUrl('oracle://db/x').mode).toBeUndefined();
    expect(parseOracleUrl('tcps://db/x')).toMatchObject({ port: 2484, mode: 'verify-identity' });
    expect(parseOracleUrl('tcps://adb.example:1522/x?ssl_server_dn_match=false').mode).toBe('verify-ca');
    expect(parseOracleUrl('oracle://app:pw@db/x').displayUrl).not.toContain(':pw@');
  });
});

describe('oracle modes', () => {
  it('declares required unsupported, naming verify-ca', () => {
    expect(oracleEngine.unsupportedModes?.required).toMatch(/nearest mode that works is "verify-ca"/);
  });
  it('connect strings use TCP or TCPS with SSL_SERVER_DN_MATCH', () => {
    expect(oracleConnectString('disabled', { host: 'h', port: 1, service: 's', timeoutSeconds: 5 })).toContain('(PROTOCOL=TCP)');
    expect(oracleConnectString('verify-ca', { host: 'h', port: 1, service: 's', timeoutSeconds: 5 })).toContain('(SSL_SERVER_DN_MATCH=OFF)');
    expect(oracleConnectString('verify-identity', { host: 'h', port: 1, service: 's', timeoutSeconds: 5 })).toContain('(SSL_SERVER_DN_MATCH=ON)');
  });
  it('driverOptions for required says it is not available', () => {
    expect(oracleDriverOptions({ mode: 'required', tls: {} }).notes.join(' ')).toMatch(/Not available/);
  });
});

describe('oracle wallet', () => {
  it('makes a valid throwaway certificate whose key matches', () => {
    const { certPem, keyPem } = throwawayCertificate();
    const cert = new X509Certificate(certPem);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });
  it('a CA-only setting becomes a wallet Node accepts as cert, key and CA (no NJS-505)', () => {
    const { certPem: ca } = throwawayCertificate();
    const wallet = oracleWallet({ mode: 'verify-ca', ca, files: {} })!;
    expect(wallet.throwaway).toBe(true);
    expect(() => tls.createSecureContext({ cert: wallet.pem, key: wallet.pem, ca: wallet.pem })).not.toThrow();
  });
  it('no CA and no client certificate: no wallet (Node trust store)', () => {
    expect(oracleWallet({ mode: 'verify-identity', files: {} })).toBeUndefined();
  });
});
