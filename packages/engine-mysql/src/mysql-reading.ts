import { readingFromTarget, type ConnectionReading, type EngineDefinition, type LostItem, type ReadingClient, type SslMode, type TargetOutput, type TranslateTarget } from '@dbtls/core';
import { parseMysqlUrl, type MysqlClient } from './mysql-url.js';

const CLIENTS: Record<MysqlClient, ReadingClient> = {
  url: { id: 'mysql2', name: 'MySQL/MariaDB URL (MySQL client and Shell ssl-mode, mysql2 ssl=, MariaDB Connector/Node, legacy flags)', syntax: 'URL', reason: 'the mysql:// or mariadb:// scheme; an absent ssl-mode keeps the dbtls engine default' },
  'connector-j': { id: 'connector-j', name: 'MySQL Connector/J 9', syntax: 'JDBC URL', reason: 'the jdbc:mysql:// prefix' },
  'mariadb-connector-j': { id: 'mariadb-connector-j', name: 'MariaDB Connector/J 3', syntax: 'JDBC URL', reason: 'the jdbc:mariadb:// prefix' },
};

/**
 * Reads a `mysql://`, `mariadb://`, `jdbc:mysql://` or `jdbc:mariadb://`
 * string with its client's rules into a {@link ConnectionReading}; undefined
 * for other strings.
 *
 * @example
 * ```ts
 * readMysqlConnectionString(mysql, 'jdbc:mysql://db/app')?.mode; // { value: 'preferred', source: { from: 'default', … } }
 * ```
 */
export function readMysqlConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  if (!/^(jdbc:)?(mysql|mariadb):\/\//i.test(input.trim())) return undefined;
  const target = parseMysqlUrl(input);
  return readingFromTarget(engine, target, {
    client: CLIENTS[target.client],
    sources: target.sources,
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.maxTlsVersion ? { maxTlsVersion: target.maxTlsVersion } : {}),
  });
}

const ENGINES = ['mysql', 'mariadb'] as const;
const isVerify = (mode: SslMode) => mode === 'verify-ca' || mode === 'verify-identity';
const MYSQL_NAMES: Record<SslMode, string> = { disabled: 'DISABLED', preferred: 'PREFERRED', required: 'REQUIRED', 'verify-ca': 'VERIFY_CA', 'verify-identity': 'VERIFY_IDENTITY' };

function hostPort(reading: ConnectionReading, lost: LostItem[], name: string): { host: string; port: number } {
  if (reading.hosts.length > 1) lost.push({ parameter: 'host', what: `${name} connects to one host here; only ${reading.hosts[0]!.host} is kept`, weakens: false });
  return reading.hosts[0]!;
}

function versions(reading: ConnectionReading): string | undefined {
  const min = reading.minTlsVersion?.value;
  const max = reading.maxTlsVersion?.value;
  if (!min && !max) return undefined;
  const all = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const from = all.indexOf(min ?? 'TLSv1.2');
  const to = all.indexOf(max ?? 'TLSv1.3');
  return all.slice(from, to + 1).join(',');
}

function nameLost(reading: ConnectionReading, lost: LostItem[], mode: SslMode, name: string): void {
  if (reading.servername && reading.servername.value !== reading.hosts[0]!.host) lost.push({ parameter: reading.servername.source.parameter ?? 'servername', what: `${name} verifies the host it connects to; it cannot be told another name`, weakens: mode === 'verify-identity' });
}

function crlLost(reading: ConnectionReading, lost: LostItem[], name: string): void {
  if (reading.crlFile || reading.crlDir) lost.push({ parameter: 'crlFile', what: `${name} cannot take this CRL here`, weakens: true });
}

const q = (value: string) => (/^[A-Za-z0-9_./:@,=+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * `mysql`: the MySQL command-line client's flags (`mysql --ssl-mode=VERIFY_IDENTITY --ssl-ca=… -h … -P … -u … db`).
 *
 * @example
 * ```ts
 * MYSQL_CLIENT_TARGET.write(reading).text; // "mysql --host=db --port=3306 --user=app --password=pw --ssl-mode=VERIFY_IDENTITY --ssl-ca=/etc/ca.pem shop"
 * ```
 */
export const MYSQL_CLIENT_TARGET: TranslateTarget = {
  id: 'mysql',
  displayName: 'mysql command-line client (MySQL 8/9)',
  description: 'mysql --ssl-mode=… --ssl-ca=… client flags (Oracle MySQL client; MariaDB\'s client spells TLS differently)',
  engines: ENGINES,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const { host, port } = hostPort(reading, lost, 'the mysql client');
    const mode = reading.mode.value;
    const args = ['mysql', `--host=${q(host)}`, `--port=${port}`];
    if (reading.user !== undefined) args.push(`--user=${q(reading.user)}`);
    if (reading.password !== undefined) args.push(`--password=${q(reading.password)}`);
    args.push(`--ssl-mode=${MYSQL_NAMES[mode]}`);
    if (mode !== 'disabled') {
      if (reading.caFile) args.push(`--ssl-ca=${q(reading.caFile.value)}`);
      if (reading.certFile) args.push(`--ssl-cert=${q(reading.certFile.value)}`);
      if (reading.keyFile) args.push(`--ssl-key=${q(reading.keyFile.value)}`);
      if (reading.passphrase) lost.push({ parameter: 'passphrase', what: 'the mysql client asks for an encrypted key\'s passphrase interactively (no flag)', weakens: false });
      if (reading.crlFile) args.push(`--ssl-crl=${q(reading.crlFile.value)}`);
      if (reading.crlDir) args.push(`--ssl-crlpath=${q(reading.crlDir.value)}`);
      const v = versions(reading);
      if (v) args.push(`--tls-version=${v}`);
      nameLost(reading, lost, mode, 'the mysql client');
    }
    if (reading.database) args.push(q(reading.database));
    return { text: args.join(' '), mode, lost };
  },
};

/**
 * `mysql2`: a mysql2 URL with its `ssl=` JSON (`mysql://user:pw@host/db?ssl={"verifyIdentity":true}`).
 *
 * @example
 * ```ts
 * MYSQL2_TARGET.write(reading).text; // 'mysql://app:pw@db:3306/shop?ssl=%7B%22verifyIdentity%22%3Atrue%7D'
 * ```
 */
export const MYSQL2_TARGET: TranslateTarget = {
  id: 'mysql2',
  displayName: 'mysql2 (Node.js)',
  description: 'mysql://user:pw@host/db?ssl={…} URL for mysql2.createConnection(uri)',
  engines: ENGINES,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const { host, port } = hostPort(reading, lost, 'mysql2');
    const source = reading.mode.value;
    const params: [string, string][] = [];
    let mode: SslMode = source;
    // mysql2 reads ssl=false as "no TLS" (JSON false); without it, dbtls would read the URL with its own default.
    if (source === 'disabled') params.push(['ssl', 'false']);
    else {
      const ssl: Record<string, unknown> = {};
      if (source === 'preferred' || source === 'required') {
        ssl.rejectUnauthorized = false;
        mode = 'required';
        if (source === 'preferred') lost.push({ parameter: 'mode', what: 'mysql2 has no plain-text fallback once ssl is set: "preferred" becomes required', weakens: false });
      } else if (source === 'verify-identity') ssl.verifyIdentity = true;
      if (reading.servername && reading.servername.value !== host && mode === 'verify-identity') ssl.servername = reading.servername.value;
      if (reading.minTlsVersion && reading.minTlsVersion.value !== 'TLSv1.2') ssl.minVersion = reading.minTlsVersion.value;
      if (reading.maxTlsVersion) ssl.maxVersion = reading.maxTlsVersion.value;
      params.push(['ssl', JSON.stringify(ssl)]);
      if (reading.caFile && isVerify(mode)) lost.push({ parameter: reading.caFile.source.parameter ?? 'caFile', what: `mysql2 takes the CA's contents, not a path: set ssl.ca = fs.readFileSync('${reading.caFile.value}') in code (the URL alone checks against Node's bundled roots)`, weakens: true });
      if (reading.certFile || reading.keyFile) lost.push({ parameter: 'certFile', what: 'mysql2 takes the client certificate and key contents (ssl.cert, ssl.key) in code, not in its URL', weakens: false });
      crlLost(reading, lost, 'a mysql2 URL (ssl.crl takes contents, in code)');
    }
    const enc = encodeURIComponent;
    const auth = reading.user !== undefined || reading.password !== undefined ? `${enc(reading.user ?? '')}${reading.password !== undefined ? `:${enc(reading.password)}` : ''}@` : '';
    const h = host.includes(':') ? `[${host}]` : host;
    const query = params.length ? `?${params.map(([k, v]) => `${k}=${enc(v)}`).join('&')}` : '';
    return { text: `mysql://${auth}${h}:${port}/${reading.database ? enc(reading.database) : ''}${query}`, mode, lost };
  },
};

/**
 * `connector-j`: a MySQL Connector/J URL (`jdbc:mysql://host:3306/db?sslMode=VERIFY_IDENTITY&enabledTLSProtocols=…`).
 *
 * @example
 * ```ts
 * CONNECTOR_J_TARGET.write(reading).text; // 'jdbc:mysql://db:3306/shop?user=app&password=pw&sslMode=VERIFY_IDENTITY'
 * ```
 */
export const CONNECTOR_J_TARGET: TranslateTarget = {
  id: 'connector-j',
  displayName: 'MySQL Connector/J',
  description: 'jdbc:mysql://host:port/db?sslMode=… URL for MySQL Connector/J 8/9',
  engines: ENGINES,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const { host, port } = hostPort(reading, lost, 'Connector/J');
    const mode = reading.mode.value;
    const params: [string, string][] = [];
    if (reading.user !== undefined) params.push(['user', reading.user]);
    if (reading.password !== undefined) params.push(['password', reading.password]);
    params.push(['sslMode', MYSQL_NAMES[mode]]);
    if (mode !== 'disabled') {
      const v = versions(reading);
      if (v) params.push(['enabledTLSProtocols', v]);
      if (reading.caFile && isVerify(mode)) lost.push({ parameter: reading.caFile.source.parameter ?? 'caFile', what: 'Connector/J takes a Java trust store (trustCertificateKeyStoreUrl=file:…jks), not a PEM file; import it with keytool', weakens: true });
      if (reading.certFile || reading.keyFile) lost.push({ parameter: 'certFile', what: 'Connector/J takes the client certificate as a key store (clientCertificateKeyStoreUrl=…p12)', weakens: false });
      crlLost(reading, lost, 'Connector/J');
      nameLost(reading, lost, mode, 'Connector/J');
    }
    const enc = encodeURIComponent;
    const h = host.includes(':') ? `[${host}]` : host;
    return { text: `jdbc:mysql://${h}:${port}/${reading.database ? enc(reading.database) : ''}?${params.map(([k, v]) => `${k}=${enc(v)}`).join('&')}`, mode, lost };
  },
};

/** Every MySQL-family translate target. */
export const MYSQL_TARGETS: readonly TranslateTarget[] = [MYSQL_CLIENT_TARGET, MYSQL2_TARGET, CONNECTOR_J_TARGET];
