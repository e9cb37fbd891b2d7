import { describe, expect, it } from 'vitest';
import { diagnoseError } from '@dbtls/core';
import { redisEngine } from './redis-engine.js';
import { TLS_NO_ANSWER_CODE } from './redis-patterns.js';

const ctx = { requestedMode: 'required' as const, effectiveMode: 'required' as const, given: { ca: false, clientCertificate: false } };

describe('Redis diagnoses', () => {
  it('"max number of clients reached" is server-busy, with no mode recommended', () => {
    const d = diagnoseError(redisEngine, new Error('ERR max number of clients reached'), ctx);
    expect(d).toMatchObject({ cause: 'server-busy', recommendedMode: null });
    expect(d.detail).toMatch(/maxclients/);
  });
  it('a TLS port that never answered is a timeout that never recommends a weaker mode', () => {
    const d = diagnoseError(redisEngine, Object.assign(new Error('no answer'), { code: TLS_NO_ANSWER_CODE }), ctx);
    expect(d).toMatchObject({ cause: 'timeout', recommendedMode: null });
    expect(d.detail).not.toMatch(/"disabled"/);
  });
  it('only a plain-text answer (DBTLS_SERVER_LACKS_TLS) is server-lacks-tls', () => {
    const inner = Object.assign(new Error('no answer'), { code: TLS_NO_ANSWER_CODE });
    const d = diagnoseError(redisEngine, Object.assign(new Error('answers plain-text RESP (+PONG)', { cause: inner }), { code: 'DBTLS_SERVER_LACKS_TLS' }), ctx);
    expect(d.cause).toBe('server-lacks-tls');
  });
});
