import type { EngineProbe } from '@dbtls/core';
import { negotiateTds, negotiateTdsStrict, type TdsNegotiationError } from './mssql-negotiate.js';

const wantsStrict = (url: string): boolean => /[?&;]encrypt=strict(?:[&;]|$)/i.test(url);

/**
 * `dbtls probe` for SQL Server: PRELOGIN through the engine's own
 * `negotiateTds` in probe form (ENCRYPTION OFF sent, so the answer says
 * whether encryption is forced: REQ, allowed only for the login: OFF, or not
 * supported: NOT_SUP), then the TLS handshake carried in PRELOGIN packets,
 * closed before LOGIN7, so no user name is sent. With `encrypt=strict` in the
 * URL (TDS 8) it uses the engine's `negotiateTdsStrict` instead: TLS first with
 * ALPN `tds/8.0`, PRELOGIN inside TLS, closed before LOGIN7.
 *
 * @example
 * ```ts
 * const seen = await mssqlProbe.handshake({ url, target, port: 1433, timeoutMs: 5000, signal });
 * ```
 */
export const mssqlProbe: EngineProbe = {
  async handshake(ctx) {
    if (wantsStrict(ctx.url)) {
      const strict = await negotiateTdsStrict(ctx.target.host, ctx.port, { mode: 'required', files: {}, ...(ctx.servername ? { servername: ctx.servername } : {}) }, ctx.signal);
      strict.transport.destroy();
      return {
        method: 'TLS first (TDS 8 strict, ALPN tds/8.0)',
        offersTls: true,
        plainAccepted: null,
        tls: strict.tls,
        evidence: [`completed a TLS-first handshake${strict.alpn ? ` (ALPN ${strict.alpn})` : ''} and answered PRELOGIN inside TLS`],
        connections: 1,
        serverVersion: strict.serverVersion,
      };
    }
    try {
      const negotiated = await negotiateTds(ctx.target.host, ctx.port, { mode: 'required', files: {}, ...(ctx.servername ? { servername: ctx.servername } : {}) }, ctx.signal, { probe: true });
      negotiated.transport.destroy();
      const answer = negotiated.answer;
      const plainAccepted = answer === 'OFF' ? true : answer === 'REQ' ? false : null;
      const meaning = answer === 'OFF' ? 'encryption is not forced: plain text is accepted after the login' : answer === 'REQ' ? 'the server forces encryption' : 'the server encrypts when asked';
      return { method: 'PRELOGIN (ENCRYPT_OFF sent)', offersTls: true, plainAccepted, tls: negotiated.tls, evidence: [`answered ENCRYPT_${answer} to PRELOGIN: ${meaning}`], connections: 1, serverVersion: negotiated.serverVersion };
    } catch (error) {
      const e = error as TdsNegotiationError;
      if (e.code === 'EENCRYPT' && e.serverEncryption === 'NOT_SUP') {
        return { method: 'PRELOGIN (ENCRYPT_OFF sent)', offersTls: false, plainAccepted: true, tls: null, evidence: ['answered ENCRYPT_NOT_SUP to PRELOGIN: no TLS, plain text accepted'], connections: 1 };
      }
      if (ctx.signal.aborted) throw error;
      // A server that takes only TDS 8 hangs up on a plain PRELOGIN: try TLS first on the second connection.
      const strict = await negotiateTdsStrict(ctx.target.host, ctx.port, { mode: 'required', files: {}, ...(ctx.servername ? { servername: ctx.servername } : {}) }, ctx.signal).catch(() => undefined);
      if (!strict) throw error;
      strict.transport.destroy();
      return {
        method: 'TLS first (TDS 8 strict, ALPN tds/8.0)',
        offersTls: true,
        plainAccepted: false,
        tls: strict.tls,
        evidence: [`broke off a plain PRELOGIN (${e.code ?? e.message}), then completed a TLS-first (TDS 8) handshake: TDS 8 strict only`],
        connections: 2,
        serverVersion: strict.serverVersion,
        notes: ['The server takes TDS 8 (strict) only: add encrypt=strict to the URL.'],
      };
    }
  },
};
