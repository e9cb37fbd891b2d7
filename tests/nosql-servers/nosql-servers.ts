/**
 * Real Redis, etcd and ClickHouse servers for the nosql conformance suites,
 * started as child processes on loopback ports of this area's ranges (Redis
 * 63400-63499, etcd 23400-23499, ClickHouse 18400-18499) and stopped in
 * afterAll. A binary that is missing is reported (never silently skipped).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../harness/cli.js';

export const TMP = join(ROOT, 'tests', '.tmp', 'nosql-servers');

/** Path of a binary on PATH (or the given absolute path), or null. */
export function findBinary(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return path && existsSync(path) ? path : null;
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess, log?: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`server on ${port} exited with code ${child.exitCode}${log ? ` (see ${log})` : ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms${log ? ` (see ${log})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A started server process. */
export interface RunningServer {
  name: string;
  ports: number[];
  child: ChildProcess;
  log: string;
}

/** Starts a process, logging to a file, and waits for its ports. */
export async function startProcess(name: string, command: string, args: string[], ports: number[], options: { cwd?: string; readyMs?: number } = {}): Promise<RunningServer> {
  mkdirSync(TMP, { recursive: true });
  const log = join(TMP, `${name}.log`);
  const { openSync } = await import('node:fs');
  const fd = openSync(log, 'w');
  const child = spawn(command, args, { cwd: options.cwd ?? TMP, stdio: ['ignore', fd, fd], detached: false });
  for (const port of ports) await waitForPort(port, options.readyMs ?? 20_000, child, log);
  return { name, ports, child, log };
}

/** Stops servers (SIGTERM, then SIGKILL after 5 s) and waits for them to exit. */
export async function stopAll(servers: RunningServer[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
          const timer = setTimeout(() => s.child.kill('SIGKILL'), 5000);
          s.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          s.child.kill('SIGTERM');
        }),
    ),
  );
  servers.length = 0;
}

/** Redis server arguments for a plain port and/or a TLS port. */
export function redisArgs(options: { port?: number; tlsPort?: number; cert?: string; key?: string; ca?: string; authClients?: boolean; password?: string }): string[] {
  const args = ['--port', String(options.port ?? 0), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'];
  if (options.tlsPort) {
    args.push('--tls-port', String(options.tlsPort), '--tls-cert-file', options.cert!, '--tls-key-file', options.key!);
    if (options.ca) args.push('--tls-ca-cert-file', options.ca);
    args.push('--tls-auth-clients', options.authClients ? 'yes' : 'no');
  }
  if (options.password) args.push('--requirepass', options.password);
  return args;
}

/** etcd arguments: one member, client URL on `port` (https when cert is given), peer URL on `peerPort`. */
export function etcdArgs(name: string, options: { port: number; peerPort: number; cert?: string; key?: string; clientCa?: string }): string[] {
  const dataDir = join(TMP, `${name}.etcd`);
  rmSync(dataDir, { recursive: true, force: true });
  const scheme = options.cert ? 'https' : 'http';
  const peer = `http://127.0.0.1:${options.peerPort}`;
  const args = [
    '--name', name, '--data-dir', dataDir,
    '--listen-client-urls', `${scheme}://127.0.0.1:${options.port}`, '--advertise-client-urls', `${scheme}://localhost:${options.port}`,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `${name}=${peer}`,
    '--log-level', 'warn',
  ];
  if (options.cert) args.push('--cert-file', options.cert, '--key-file', options.key!);
  if (options.clientCa) args.push('--client-cert-auth', '--trusted-ca-file', options.clientCa);
  return args;
}

/**
 * Writes a ClickHouse config directory (old 18.x `<yandex>` format) with an
 * HTTP port and, when a certificate is given, an HTTPS port; `clientCa`
 * makes the HTTPS port require client certificates (verificationMode strict).
 */
export function clickhouseConfig(name: string, options: { httpPort?: number; httpsPort?: number; tcpPort: number; cert?: string; key?: string; clientCa?: string; password: string }): string {
  const dir = join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ssl = options.cert
    ? `<openSSL><server><certificateFile>${options.cert}</certificateFile><privateKeyFile>${options.key}</privateKeyFile>` +
      (options.clientCa ? `<caConfig>${options.clientCa}</caConfig><verificationMode>strict</verificationMode>` : '<verificationMode>none</verificationMode>') +
      '<loadDefaultCAFile>false</loadDefaultCAFile><cacheSessions>true</cacheSessions><disableProtocols>sslv2,sslv3</disableProtocols><preferServerCiphers>true</preferServerCiphers></server></openSSL>'
    : '';
  writeFileSync(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/clickhouse.log</log><errorlog>${dir}/clickhouse.err.log</errorlog><console>0</console></logger>
  ${options.httpPort ? `<http_port>${options.httpPort}</http_port>` : ''}
  ${options.httpsPort ? `<https_port>${options.httpsPort}</https_port>` : ''}
  <tcp_port>${options.tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  ${ssl}
  <max_connections>64</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>16</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mlock_executable>false</mlock_executable>
</yandex>
`,
  );
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>::/0</ip></networks><profile>default</profile><quota>default</quota></default>
    <lab><password>${options.password}</password><networks><ip>::/0</ip></networks><profile>default</profile><quota>default</quota></lab>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`,
  );
  return dir;
}
