import { describe, expect, it } from 'vitest';
import { configure } from '@dbtls/core';
import { oracleEngine } from './oracle-engine.js';

describe('configureOracle', () => {
  it('verify-identity: TCPS connect string with the DN check; disabled: plain TCP, no wallet', async () => {
    const cfg = await configure(oracleEngine, { url: 'oracle://app:pw@db.example:2484/FREEPDB1', mode: 'verify-identity' });
    expect(cfg.driver).toBe('oracledb');
    expect(cfg.options.sslServerDNMatch).toBe(true);
    expect(String(cfg.options.connectString)).toMatch(/PROTOCOL=TCPS/i);
    expect(JSON.stringify(cfg)).not.toContain('"pw"');
    const plain = await configure(oracleEngine, { url: 'oracle://app:pw@db.example:1521/FREEPDB1', mode: 'disabled' });
    expect(String(plain.options.connectString)).not.toMatch(/TCPS/i);
    expect(plain.options).not.toHaveProperty('walletContent');
  });
  it('required cannot be honoured by the thin driver: a clear error', async () => {
    await expect(configure(oracleEngine, { url: 'oracle://app@db.example:2484/FREEPDB1', mode: 'required' })).rejects.toMatchObject({ code: 'mode-unsupported' });
  });
});
