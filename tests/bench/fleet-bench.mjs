#!/usr/bin/env node
// Benchmark of `dbtls check` at fleet scale (a script, never a timed test): 1,000 loopback targets.
// Usage: node --expose-gc tests/bench/fleet-bench.mjs [targets=1000] [concurrency=8] [delayMs=40]
//
// Most targets are a small local stand-in: a TLS listener speaking just enough RESP (Redis) for
// ioredis and the dbtls Redis engine (PING, INFO server), answering each command after delayMs to
// play a network round trip. When redis-server is installed, 1 target in 50 is a real Redis over
// TLS instead. Every target is checked in verify-identity with a CA file and a password from
// ${BENCH_REDIS_PASSWORD}, through the same library calls as `dbtls check` (@dbtls/fleet).
//
// It measures, in the same run:
//   - per-target time: the mean of checking 40 targets one at a time (concurrency 1);
//   - the fleet: all targets at the given concurrency, against (targets / concurrency) x per-target;
//   - memory: peak heap sampled every 20 ms above the heap before the run, for a quarter of the fleet
//     and for the whole fleet (bounded memory: the whole fleet must not need much more than a quarter).
// Exits 1 when the fleet takes more than 1.5x the expected time or the peak heap of the whole fleet is
// more than 2x (and 16 MB over) that of the quarter fleet.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { createRegistry } from '@dbtls/core';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import { prepareFleet, runFleet, validateFleetConfig } from '@dbtls/fleet';

const TARGETS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const DELAY_MS = Number(process.argv[4] ?? 40);
const PASSWORD = 'bench-redis-s3cret';
const REAL_REDIS_PORT = 63920; // h13 fleet range 63910-63949
const LIMIT_RATIO = 1.5;

const dir = mkdtempSync(join(tmpdir(), 'dbtls-fleet-bench-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '90', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-addext', 'basicConstraints=critical,CA:TRUE'], { cwd: dir, stdio: 'ignore' });
const cert = readFileSync(join(dir, 'cert.pem'));
const key = readFileSync(join(dir, 'key.pem'));

// --- the stand-in listener: RESP over TLS, one reply per command after DELAY_MS --------------------
function replyFor(args) {
  const cmd = String(args[0] ?? '').toUpperCase();
  if (cmd === 'AUTH') return args[args.length - 1] === PASSWORD ? '+OK\r\n' : '-WRONGPASS invalid username-password pair\r\n';
  if (cmd === 'PING') return '+PONG\r\n';
  if (cmd === 'INFO') {
    const body = '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n';
    return `$${Buffer.byteLength(body)}\r\n${body}\r\n`;
  }
  if (cmd === 'HELLO' || cmd === 'COMMAND') return `-ERR unknown command '${cmd}'\r\n`;
  return '+OK\r\n';
}
// Parses complete RESP arrays of bulk strings from the buffer; returns [commands, rest].
function parseCommands(buffer) {
  const commands = [];
  let at = 0;
  for (;;) {
    if (buffer[at] !== 0x2a) break; // '*'
    const eol = buffer.indexOf('\r\n', at);
    if (eol < 0) break;
    const n = Number(buffer.subarray(at + 1, eol));
    let p = eol + 2;
    const args = [];
    let complete = true;
    for (let i = 0; i < n; i++) {
      const e = buffer.indexOf('\r\n', p);
      if (e < 0 || buffer[p] !== 0x24) { complete = false; break; } // '$'
      const len = Number(buffer.subarray(p + 1, e));
      if (buffer.length < e + 2 + len + 2) { complete = false; break; }
      args.push(buffer.subarray(e + 2, e + 2 + len).toString());
      p = e + 2 + len + 2;
    }
    if (!complete) break;
    commands.push(args);
    at = p;
  }
  return [commands, buffer.subarray(at)];
}
const sockets = new Set();
const stub = tls.createServer({ cert, key }, (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => undefined);
  let pending = Buffer.alloc(0);
  socket.on('data', (data) => {
    const [commands, rest] = parseCommands(Buffer.concat([pending, data]));
    pending = rest;
    for (const args of commands) {
      setTimeout(() => {
        if (socket.writable) socket.write(replyFor(args));
        if (String(args[0]).toUpperCase() === 'QUIT') socket.end();
      }, DELAY_MS);
    }
  });
});
await new Promise((resolve) => stub.listen(0, '127.0.0.1', resolve));
const stubPort = stub.address().port;

// --- a real redis-server over TLS, when installed ---------------------------------------------------
let redis = null;
const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (redisBin && existsSync(redisBin)) {
  redis = spawn(redisBin, ['--port', '0', '--tls-port', String(REAL_REDIS_PORT), '--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'), '--tls-auth-clients', 'no', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD], { stdio: 'ignore' });
  const until = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: REAL_REDIS_PORT }, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${REAL_REDIS_PORT}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cleanup = () => {
  redis?.kill('SIGTERM');
  for (const s of sockets) s.destroy();
  stub.close();
  rmSync(dir, { recursive: true, force: true });
};

try {
  const registry = createRegistry([[redisEngine]]);
  const fleet = (count) => {
    const targets = Array.from({ length: count }, (_, i) => ({
      name: `t${String(i + 1).padStart(4, '0')}`,
      url: `redis://:\${BENCH_REDIS_PASSWORD}@localhost:${redis && i % 50 === 49 ? REAL_REDIS_PORT : stubPort}`,
      mode: 'verify-identity',
    }));
    const config = validateFleetConfig({ defaults: { ca: join(dir, 'cert.pem'), timeoutMs: 10_000 }, targets }, 'bench', dir);
    return prepareFleet(config, registry, { env: { BENCH_REDIS_PASSWORD: PASSWORD } }).targets;
  };
  const run = async (count, concurrency) => {
    const targets = fleet(count);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const results = await runFleet(targets, { concurrency });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    const failed = results.filter((r) => r.status === 'fail');
    if (failed.length) throw new Error(`${failed.length} of ${count} targets failed, e.g. ${failed[0].name}: ${failed[0].cause} ${failed[0].summary ?? failed[0].problems[0]?.message}`);
    return { ms, cpuMsPerTarget: (used.user + used.system) / 1000 / count, peakHeapMb: (peak - heapBefore) / 1024 / 1024 };
  };

  await run(16, 4); // warm-up: driver import, TLS contexts, JIT
  const single = await run(40, 1);
  const perTarget = single.ms / 40;
  const quarter = await run(Math.ceil(TARGETS / 4), CONCURRENCY);
  const whole = await run(TARGETS, CONCURRENCY);
  const expected = (TARGETS / CONCURRENCY) * perTarget;
  const ratio = whole.ms / expected;
  const rssMb = process.resourceUsage().maxRSS / 1024;

  console.log(`dbtls check at fleet scale: ${TARGETS} loopback targets, verify-identity, concurrency ${CONCURRENCY}, stand-in reply delay ${DELAY_MS} ms${redis ? `, 1 in 50 a real redis-server over TLS` : ', no redis-server installed: stand-ins only'}`);
  console.log(`per-target time (40 targets, one at a time)    ${perTarget.toFixed(1)} ms (CPU of this process: ${single.cpuMsPerTarget.toFixed(1)} ms a target)`);
  console.log(`expected: (${TARGETS} / ${CONCURRENCY}) x ${perTarget.toFixed(1)} ms         ${(expected / 1000).toFixed(2)} s`);
  console.log(`measured: ${TARGETS} targets                         ${(whole.ms / 1000).toFixed(2)} s   (ratio ${ratio.toFixed(2)}, goal <= ${LIMIT_RATIO})`);
  console.log(`peak heap above baseline: ${Math.ceil(TARGETS / 4)} targets ${quarter.peakHeapMb.toFixed(1)} MB, ${TARGETS} targets ${whole.peakHeapMb.toFixed(1)} MB (goal: whole <= 2x quarter + 16 MB)`);
  console.log(`peak RSS of the process                        ${rssMb.toFixed(0)} MB`);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a ratio above 1 on a loaded machine is CPU contention, not waiting)`);
  const memoryOk = whole.peakHeapMb <= 2 * quarter.peakHeapMb + 16;
  if (ratio > LIMIT_RATIO || !memoryOk) {
    console.log(`GOAL MISSED: ${ratio > LIMIT_RATIO ? `time ratio ${ratio.toFixed(2)} > ${LIMIT_RATIO}` : ''}${!memoryOk ? ' memory grows with the fleet' : ''}`);
    process.exitCode = 1;
  }
} finally {
  cleanup();
}
