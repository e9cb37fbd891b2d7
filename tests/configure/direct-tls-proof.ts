/**
 * The configure() proof, as vitest tests, for engines whose drivers speak TLS
 * from the first byte (Redis, etcd, ClickHouse, MongoDB, Cassandra): a client
 * of at least 5 connections through a watching proxy runs 20 operations; the
 * server restarts; a certificate is swapped in after the client was
 * established; weakening environment and URL parameters; redaction.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, diagnose, type DiagnosisCause, type DriverConfig, type EngineDefinition } from '@dbtls/core';
import type { TestCertificates } from '../harness/certs.js';
import { startWatchProxy, type WatchProxy } from '../harness/tls-watch-proxy.js';
import { concurrently, withEnv, wrongNameCertificate, WEAKENING_ENV } from './configure-kit.js';

/** A TLS server (certificate for localhost, signed by the test CA) that can restart. */
export interface ProofServer {
  port: number;
  /** Stops the server and starts it again; resolves to its (possibly new) port. */
  restart(): Promise<number>;
  stop(): Promise<void>;
}

/** A driver client built from a configuration, holding several connections. */
export interface ProofClient {
  op(i: number): Promise<unknown>;
  /** Errors the driver emitted on its own (`error` events). */
  errors: unknown[];
  close(): Promise<void>;
}

export interface DirectTlsProof {
  title: string;
  engine: EngineDefinition;
  certs: TestCertificates;
  /** Why the suite cannot run here, or null. */
  skip: string | null;
  start(): Promise<ProofServer>;
  url(port: number, host?: string): string;
  /** A secret that must never cross the wire in plain text or show in output. */
  password?: string;
  /** URL query parameters that try to weaken TLS, appended to the URL. */
  weakQuery?: string;
  /** Builds the driver's client from `cfg` with at least `connections` connections. */
  client(cfg: DriverConfig, connections: number): Promise<ProofClient>;
  /** Upper bound for one operation, in milliseconds. */
  opTimeoutMs?: number;
}

function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error(`operation took longer than ${ms} ms`), { code: 'ETIMEDOUT' })), ms)))]).finally(() => clearTimeout(timer));
}

async function failure(client: ProofClient, ms: number): Promise<unknown> {
  const error = await bounded(client.op(0), ms).then(() => null, (e: unknown) => e);
  return error === null ? null : new AggregateError([error, ...client.errors], String((error as Error)?.message ?? error));
}

/** Declares the proof tests for one engine. */
export function describeDirectTlsProof(spec: DirectTlsProof): void {
  const opMs = spec.opTimeoutMs ?? 5000;
  if (spec.skip) console.warn(`[configure/${spec.engine.id}] skipped: ${spec.skip}`);
  describe.skipIf(Boolean(spec.skip))(spec.title, () => {
    let server: ProofServer;
    let proxy: WatchProxy;
    const { certs } = spec;
    beforeAll(async () => {
      server = await spec.start();
      proxy = await startWatchProxy(server.port);
    });
    afterAll(async () => {
      await proxy?.close();
      await server?.stop();
    });
    const cfgFor = (port: number, mode: 'required' | 'verify-ca' | 'verify-identity', query = '') => configure(spec.engine, { url: spec.url(port) + query, mode, caFile: certs.caCert });
    const expectAllTls = (min: number) => {
      expect(proxy.connections.length).toBeGreaterThanOrEqual(min);
      for (const c of proxy.connections) {
        expect(c.clientHellos).toBe(1);
        expect(c.plainPrefix.length).toBe(0);
        if (spec.password) expect(c.sent.includes(Buffer.from(spec.password))).toBe(false);
      }
    };

    for (const mode of ['required', 'verify-ca', 'verify-identity'] as const) {
      it(`${mode}: 5 connections, 20 operations, one TLS handshake each, nothing in plain text`, async () => {
        proxy.reset();
        const client = await spec.client(await cfgFor(proxy.port, mode), 5);
        try {
          await concurrently(5, 4, (w, i) => bounded(client.op(w * 4 + i), opMs));
        } finally {
          await client.close();
        }
        expectAllTls(5);
      });
    }

    it('after a server restart the client\'s new connections negotiate and verify again', async () => {
      const client = await spec.client(await cfgFor(proxy.port, 'verify-identity'), 5);
      try {
        await concurrently(5, 1, (w) => bounded(client.op(w), opMs));
        proxy.reset();
        proxy.retarget(await server.restart());
        const until = Date.now() + 15_000;
        for (;;) {
          const ok = await bounded(client.op(1), opMs).then(() => true, () => false);
          if (ok) break;
          if (Date.now() > until) throw new Error('the client did not reconnect within 15 s');
          await new Promise((r) => setTimeout(r, 200));
        }
        await concurrently(5, 2, (w, i) => bounded(client.op(w + i), opMs));
        expectAllTls(1);
      } finally {
        await client.close();
      }
    });

    for (const swap of ['self-signed', 'wrong-name'] as const) {
      it(`a ${swap} certificate swapped in after the client was established fails its new connections in the verify modes`, async () => {
        const local = await startWatchProxy(server.port);
        const held: ProofClient[] = [];
        try {
          const configs = await Promise.all((['verify-ca', 'verify-identity'] as const).map((mode) => cfgFor(local.port, mode)));
          for (const cfg of configs) {
            const c = await spec.client(cfg, 1);
            held.push(c);
            await bounded(c.op(0), opMs);
          }
          const wrong = wrongNameCertificate(certs);
          await (swap === 'self-signed' ? local.impersonate(certs.selfSignedCert, certs.selfSignedKey) : local.impersonate(wrong.cert, wrong.key));
          // The established connections end, as when the server restarts with the new certificate:
          // the clients must open new ones.
          local.dropAll();
          for (const [i, cfg] of configs.entries()) {
            if (swap === 'wrong-name' && cfg.mode.effective === 'verify-ca') continue; // verify-ca does not check the name
            // The first attempts may fail on the dropped connection itself; the client then reconnects,
            // and every new connection must fail on the certificate. No attempt may succeed.
            let error: unknown = null;
            for (let attempt = 0; attempt < 5; attempt++) {
              error = await failure(held[i]!, opMs);
              expect(error).not.toBeNull();
              if (diagnose(spec.engine, error, cfg).cause !== 'network-error' && diagnose(spec.engine, error, cfg).cause !== 'unknown') break;
              await new Promise((r) => setTimeout(r, 300));
            }
            const expected: DiagnosisCause = swap === 'self-signed' ? 'certificate-untrusted' : 'hostname-mismatch';
            expect(diagnose(spec.engine, error, cfg).cause).toBe(expected);
          }
          expect(local.connections.some((c) => c.impersonated)).toBe(true);
        } finally {
          await Promise.all(held.map((c) => c.close()));
          await local.close();
        }
      });
    }

    it('NODE_TLS_REJECT_UNAUTHORIZED=0 and URL parameters do not weaken a configured client', async () => {
      const local = await startWatchProxy(server.port);
      await local.impersonate(certs.selfSignedCert, certs.selfSignedKey);
      try {
        await withEnv(WEAKENING_ENV, async () => {
          const cfg = await cfgFor(local.port, 'verify-ca', spec.weakQuery ?? '');
          const client = await spec.client(cfg, 1);
          try {
            expect(diagnose(spec.engine, await failure(client, opMs), cfg).cause).toBe('certificate-untrusted');
          } finally {
            await client.close();
          }
        });
        expect(local.connections.length).toBeGreaterThanOrEqual(1);
        expect(local.connections.every((c) => c.plainPrefix.length === 0)).toBe(true);
      } finally {
        await local.close();
      }
    });

    it('the configuration never shows the password or key material', async () => {
      const { CLIENT_KEY_PASSPHRASE } = await import('../harness/certs.js');
      const cfg = await configure(spec.engine, { url: spec.url(proxy.port), mode: 'verify-identity', caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE });
      for (const text of [JSON.stringify(cfg), inspect(cfg, { depth: 10 }), JSON.stringify(cfg.options), inspect(cfg.options, { depth: 10 }), inspect(cfg.args, { depth: 10 })]) {
        if (spec.password) expect(text).not.toContain(spec.password);
        expect(text).not.toContain(CLIENT_KEY_PASSPHRASE);
        expect(text).not.toMatch(/PRIVATE KEY/);
      }
    });
  });
}
