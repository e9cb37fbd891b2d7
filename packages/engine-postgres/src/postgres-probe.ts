import { tlsHandshakeProbe, type EngineProbe, type ProbeHandshake, type ProbeHandshakeContext } from '@dbtls/core';
import { negotiatePostgres } from './postgres-negotiate.js';

const wantsDirect = (url: string): boolean => {
  try {
    return new URL(url).searchParams.get('sslnegotiation') === 'direct';
  } catch {
    return false;
  }
};

/**
 * Direct TLS (PostgreSQL 17+, `sslnegotiation=direct`): TLS first, with ALPN
 * `postgresql`, which such servers require.
 */
async function directTls(ctx: ProbeHandshakeContext): Promise<ProbeHandshake> {
  const seen = await tlsHandshakeProbe({ host: ctx.target.host, port: ctx.port, alpn: ['postgresql'], timeoutMs: ctx.timeoutMs, signal: ctx.signal, ...(ctx.servername ? { servername: ctx.servername } : {}) });
  const accepted = seen.speaksTls && seen.alpnProtocol === 'postgresql';
  return {
    method: 'direct TLS (ALPN postgresql)',
    offersTls: accepted,
    plainAccepted: null,
    tls: accepted ? seen.report : null,
    evidence: [accepted ? 'completed a direct TLS handshake and selected ALPN "postgresql"' : `did not accept direct TLS (${seen.speaksTls ? `ALPN ${seen.alpnProtocol ?? 'none'}` : (seen.error?.code ?? seen.error?.message ?? 'no handshake')}); PostgreSQL 17+ takes it, older servers only the SSLRequest`],
    connections: 1,
    ...(seen.error && !accepted ? { error: { code: seen.error.code ?? null, message: seen.error.message } } : {}),
  };
}

/**
 * `dbtls probe` for the PostgreSQL family: the 8-byte SSLRequest through the
 * engine's own negotiation (`negotiatePostgres` in `required`, so nothing is
 * validated and no startup message, hence no user name, is sent), or direct
 * TLS with ALPN `postgresql` when the URL says `sslnegotiation=direct`. "N"
 * means no TLS and plain text accepted; "S" says nothing about whether plain
 * text would be refused (pg_hba.conf decides that at login), so that stays
 * unknown. With a connection to spare, `extra` tries direct TLS too.
 *
 * @example
 * ```ts
 * const seen = await postgresProbe.handshake({ url, target, port: 5432, timeoutMs: 5000, signal });
 * ```
 */
export const postgresProbe: EngineProbe = {
  async handshake(ctx) {
    if (wantsDirect(ctx.url)) return directTls(ctx);
    try {
      const negotiated = await negotiatePostgres(ctx.target.host, ctx.port, { mode: 'required', files: {}, ...(ctx.servername ? { servername: ctx.servername } : {}) }, ctx.signal);
      negotiated.socket.destroy();
      return { method: 'SSLRequest', offersTls: true, plainAccepted: null, tls: negotiated.tls, evidence: ["answered 'S' to the SSLRequest"], connections: 1 };
    } catch (error) {
      if ((error as { code?: string }).code === 'DBTLS_PG_NO_SSL') {
        return { method: 'SSLRequest', offersTls: false, plainAccepted: true, tls: null, evidence: ["answered 'N' to the SSLRequest: no TLS, plain text accepted"], connections: 1 };
      }
      throw error;
    }
  },
  async extra(ctx) {
    if (wantsDirect(ctx.url)) return { connections: 0, notes: [] };
    const direct = await directTls(ctx);
    return { connections: 1, notes: [direct.offersTls ? 'Direct TLS (sslnegotiation=direct, ALPN postgresql) is accepted too: it saves one round trip.' : 'Direct TLS (sslnegotiation=direct) is not accepted: keep the SSLRequest (the default).'] };
  },
};
