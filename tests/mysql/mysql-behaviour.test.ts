/**
 * How the MySQL/MariaDB engines behave beyond the conformance table, against
 * real MariaDB servers: TCP connections per attempt (through a counting
 * proxy), the one-connection Preferred versus mysql2's retry, what a wrong
 * password looks like, the identity check before the login packet, and a TLS
 * failure after the server offered TLS.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, defineEngine, type ConnectFailure, type ConnectSuccess, type EngineDefinition } from '@dbtls/core';
import { startCountingProxy, startSilentServer, type CountingProxy } from '../harness/tcp-proxy.js';
import { ENGINES, MARIADB_PASSWORD, MARIADB_USER, basePortFor, certs, engineMysql, mysqlUrl, portOf, skipReason, startCluster, type MariaDbCluster } from './mysql-env.js';

if (skipReason) console.warn(`[dbtls] MySQL/MariaDB behaviour suite skipped: ${skipReason}`);

const BASE = basePortFor('behaviour');
const WRONG = 'not-the-Password-42';

/** mysql2 on its own: TLS first, a second plain connection on HANDSHAKE_NO_SSL_SUPPORT. */
const retryEngine = (engine: EngineDefinition): EngineDefinition =>
  defineEngine({ ...engine, id: `${engine.id}-retry`, connect: (ctx) => engineMysql.connectMysql(ctx, { displayName: engine.displayName, preferredStrategy: 'retry' }) });

/** A server status counter, read with the mariadb client over the instance's TCP port. */
function status(port: number, name: string): number {
  const out = execFileSync('mariadb', ['--no-defaults', '-h127.0.0.1', `-P${port}`, `-u${MARIADB_USER}`, `-p${MARIADB_PASSWORD}`, '--skip-ssl', '-N', '-B', '-e', `SHOW GLOBAL STATUS LIKE '${name}'`], { encoding: 'utf8' });
  return Number(out.trim().split(/\s+/)[1]);
}

/**
 * A proxy that passes the server greeting and the client's first packet
 * (the SSLRequest), then cuts the connection when the TLS ClientHello
 * arrives: the server offered TLS, but the TLS handshake fails.
 */
async function startTlsBreakingProxy(targetPort: number): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    let packets = 0;
    upstream.on('data', (d) => client.write(d));
    client.on('data', (d) => {
      packets++;
      if (packets === 1) upstream.write(d);
      else {
        client.destroy();
        upstream.destroy();
      }
    });
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

describe.skipIf(Boolean(skipReason))('MySQL/MariaDB engines against real MariaDB servers', () => {
  let cluster: MariaDbCluster;
  const proxies: CountingProxy[] = [];
  const proxyTo = async (scenario: 'no-tls' | 'tls-optional' | 'tls-required') => {
    const proxy = await startCountingProxy(portOf(BASE, scenario));
    proxies.push(proxy);
    return proxy;
  };
  beforeAll(async () => {
    cluster = await startCluster(BASE, 'behaviour');
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await cluster?.stop();
  });

  for (const engine of ENGINES) {
    const scheme = engine.schemes[0]!;
    describe(engine.id, () => {
      it('preferred against a TLS server opens exactly one TCP connection, encrypted', async () => {
        const proxy = await proxyTo('tls-optional');
        const result = (await connect(engine, { url: mysqlUrl(scheme, proxy.port) })) as ConnectSuccess;
        expect(result.ok).toBe(true);
        expect(result.mode.requested).toBe('preferred');
        expect([result.encrypted, result.fellBack]).toEqual([true, false]);
        expect(proxy.connections).toBe(1);
      });

      it('preferred against a server without TLS opens at most two TCP connections (one: the greeting decides) and reports the fallback', async () => {
        const proxy = await proxyTo('no-tls');
        const result = (await connect(engine, { url: mysqlUrl(scheme, proxy.port), mode: 'preferred' })) as ConnectSuccess;
        expect([result.ok, result.encrypted, result.fellBack]).toEqual([true, false, true]);
        expect(result.warnings.join(' ')).toMatch(/fell back/);
        expect(proxy.connections).toBeLessThanOrEqual(2);
        expect(proxy.connections).toBe(1);
        console.info(`[dbtls] ${engine.id} preferred vs no-TLS server, greeting strategy: ${proxy.connections} TCP connection(s)`);
      });

      it('for comparison: mysql2\'s own way (TLS, then plain on HANDSHAKE_NO_SSL_SUPPORT) needs two connections', async () => {
        const proxy = await proxyTo('no-tls');
        const result = (await connect(retryEngine(engine), { url: mysqlUrl(scheme, proxy.port), mode: 'preferred' })) as ConnectSuccess;
        expect([result.ok, result.encrypted, result.fellBack]).toEqual([true, false, true]);
        expect(proxy.connections).toBe(2);
        const tlsProxy = await proxyTo('tls-optional');
        const tls = (await connect(retryEngine(engine), { url: mysqlUrl(scheme, tlsProxy.port), mode: 'preferred' })) as ConnectSuccess;
        expect([tls.ok, tls.encrypted, tlsProxy.connections]).toEqual([true, true, 1]);
        console.info(`[dbtls] ${engine.id} preferred vs no-TLS server, retry strategy: ${proxy.connections} TCP connections`);
      });

      it('a wrong password is one connection and authentication-failed, naming REQUIRE X509 (login went over TLS without a certificate)', async () => {
        const proxy = await proxyTo('tls-optional');
        const result = (await connect(engine, { url: mysqlUrl(scheme, proxy.port, { password: WRONG }) })) as ConnectFailure;
        expect(result.ok).toBe(false);
        expect(result.diagnosis.cause).toBe('authentication-failed');
        expect(result.diagnosis.recommendedMode).toBeNull();
        expect(result.diagnosis.detail).toMatch(/REQUIRE X509/);
        expect(result.diagnosis.original.code).toBe('ER_ACCESS_DENIED_ERROR');
        expect(proxy.connections).toBe(1);
        expect(JSON.stringify(result)).not.toContain(WRONG);
      });

      it('a wrong password in disabled mode against a server without TLS is authentication-failed', async () => {
        const result = (await connect(engine, { url: mysqlUrl(scheme, portOf(BASE, 'no-tls'), { password: WRONG }), mode: 'disabled' })) as ConnectFailure;
        expect(result.diagnosis.cause).toBe('authentication-failed');
      });

      it('a denied plain login to a server that offered TLS says the server may require TLS and recommends required (MariaDB gives a wrong password the same 1045)', async () => {
        for (const scenario of ['tls-required', 'tls-optional'] as const) {
          const password = scenario === 'tls-optional' ? WRONG : MARIADB_PASSWORD;
          const result = (await connect(engine, { url: mysqlUrl(scheme, portOf(BASE, scenario), { password }), mode: 'disabled' })) as ConnectFailure;
          expect(result.diagnosis.cause).toBe('server-requires-tls');
          expect(result.diagnosis.recommendedMode).toBe('required');
          expect(result.diagnosis.summary).toMatch(/may require/);
          expect(result.diagnosis.detail).toMatch(/REQUIRE SSL/);
          expect(result.diagnosis.detail).toMatch(/password is wrong/);
        }
      });

      it('verify-identity to 127.0.0.1 with a localhost-only certificate fails before the login packet is sent; verify-ca sends it', async () => {
        const port = portOf(BASE, 'tls-optional');
        const url = mysqlUrl(scheme, port, { host: '127.0.0.1', password: WRONG });
        const before = status(port, 'Access_denied_errors');
        const identity = (await connect(engine, { url, mode: 'verify-identity', caFile: certs.caCert })) as ConnectFailure;
        expect(identity.diagnosis.cause).toBe('hostname-mismatch');
        expect(identity.diagnosis.detail).toContain('DNS:localhost');
        expect(status(port, 'Access_denied_errors')).toBe(before);
        // Control: the same login in verify-ca reaches the server and is denied there.
        const ca = (await connect(engine, { url, mode: 'verify-ca', caFile: certs.caCert })) as ConnectFailure;
        expect(ca.diagnosis.cause).toBe('authentication-failed');
        expect(status(port, 'Access_denied_errors')).toBe(before + 1);
      });

      it('verify-identity to 127.0.0.1 passes with --servername localhost (the name checked is the servername)', async () => {
        const result = (await connect(engine, { url: mysqlUrl(scheme, portOf(BASE, 'tls-optional'), { host: '127.0.0.1' }), mode: 'verify-identity', caFile: certs.caCert, servername: 'localhost' })) as ConnectSuccess;
        expect([result.ok, result.encrypted]).toEqual([true, true]);
        expect(result.tls?.chainValid).toBe(true);
      });

      it('verify-identity with a servername the certificate does not name fails as hostname-mismatch', async () => {
        const result = (await connect(engine, { url: mysqlUrl(scheme, portOf(BASE, 'tls-optional')), mode: 'verify-identity', caFile: certs.caCert, servername: 'db.example.com' })) as ConnectFailure;
        expect(result.diagnosis.cause).toBe('hostname-mismatch');
      });

      it('the mode and CA can come from the URL (ssl-mode=VERIFY_IDENTITY&ssl-ca=...), and a flag wins over the URL', async () => {
        const query = `ssl-mode=VERIFY_IDENTITY&ssl-ca=${encodeURIComponent(certs.caCert)}`;
        const byUrl = (await connect(engine, { url: mysqlUrl(scheme, portOf(BASE, 'tls-optional'), { host: '127.0.0.1', query }) })) as ConnectFailure;
        expect([byUrl.mode.requested, byUrl.diagnosis.cause]).toEqual(['verify-identity', 'hostname-mismatch']);
        const flag = (await connect(engine, { url: mysqlUrl(scheme, portOf(BASE, 'tls-optional'), { host: '127.0.0.1', query }), mode: 'verify-ca' })) as ConnectSuccess;
        expect([flag.ok, flag.encrypted, flag.tls?.chainValid]).toEqual([true, true, true]);
      });

      it('required does not validate: an untrusted chain is reported but accepted', async () => {
        const result = (await connect(engine, { url: mysqlUrl(scheme, portOf(BASE, 'self-signed')), mode: 'required', caFile: certs.caCert })) as ConnectSuccess;
        expect([result.ok, result.encrypted]).toEqual([true, true]);
        expect(result.tls?.chainValid).toBe(false);
        expect(result.tls?.peer?.selfSigned).toBe(true);
      });

      it('minimum TLS version and an encrypted client key with its passphrase are honoured (REQUIRE X509 account)', async () => {
        const result = (await connect(engine, {
          url: mysqlUrl(scheme, portOf(BASE, 'tls-optional'), { user: 'certuser', password: 'cert-Secret-pw-9' }),
          mode: 'verify-identity',
          caFile: certs.caCert,
          certFile: certs.clientCert,
          keyFile: certs.clientKeyEncrypted,
          passphrase: 'correct horse battery staple',
          minTlsVersion: 'TLSv1.3',
        })) as ConnectSuccess;
        expect([result.ok, result.encrypted, result.tls?.protocol]).toEqual([true, true, 'TLSv1.3']);
        expect(JSON.stringify(result)).not.toContain('correct horse');
      });

      it('preferred: a TLS handshake that fails after the server offered TLS is an error, not a plain retry', async () => {
        const proxy = await startTlsBreakingProxy(portOf(BASE, 'tls-optional'));
        try {
          const result = (await connect(engine, { url: mysqlUrl(scheme, proxy.port), mode: 'preferred', timeoutMs: 5000 })) as ConnectFailure;
          expect(result.ok).toBe(false);
          expect(['network-error', 'tls-handshake-failed']).toContain(result.diagnosis.cause);
          expect(proxy.connections()).toBe(1);
        } finally {
          await proxy.close();
        }
      });

      it('an abort from the caller rejects with DbtlsError "aborted" and closes the socket', async () => {
        const open = new Set<net.Socket>();
        const server = net.createServer((s) => (open.add(s), s.on('close', () => open.delete(s)), s.on('error', () => undefined)));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const controller = new AbortController();
          const pending = connect(engine, { url: mysqlUrl(scheme, (server.address() as net.AddressInfo).port), signal: controller.signal, timeoutMs: 30_000 });
          await vi.waitFor(() => expect(open.size).toBe(1));
          controller.abort();
          await expect(pending).rejects.toMatchObject({ code: 'aborted' });
          await vi.waitFor(() => expect(open.size).toBe(0));
        } finally {
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
      });

      it('a server that never answers is diagnosed as a timeout', async () => {
        const silent = await startSilentServer();
        try {
          const result = (await connect(engine, { url: mysqlUrl(scheme, silent.port), timeoutMs: 500 })) as ConnectFailure;
          expect(result.diagnosis.cause).toBe('timeout');
        } finally {
          await silent.close();
        }
      });
    });
  }
});
