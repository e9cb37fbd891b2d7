import { readingFromTarget, type ConnectionReading, type EngineDefinition, type ReadingClient, type ReadingSource } from '@dbtls/core';
import { MSSQL_CLIENT_NAMES, type MssqlClient } from './mssql-tls-reading.js';
import { mssqlSyntax, parseMssqlUrl } from './mssql-url.js';

const CLIENTS: Record<MssqlClient, Omit<ReadingClient, 'name'>> = {
  tedious: { id: 'tedious', syntax: 'mssql:// URL', reason: 'the mssql:// scheme (node-mssql); an absent encrypt keeps the dbtls engine default' },
  'go-mssqldb': { id: 'go-mssqldb', syntax: 'sqlserver:// URL', reason: 'the sqlserver:// scheme (go-mssqldb); an absent encrypt keeps the dbtls engine default' },
  sqlclient: { id: 'ado', syntax: 'ADO.NET keyword=value;', reason: 'a Server=/Data Source= keyword string' },
  jdbc: { id: 'jdbc-mssql', syntax: 'JDBC URL', reason: 'the jdbc:sqlserver:// prefix' },
};

/** Turns a source text such as `Encrypt=Optional + TrustServerCertificate=true` into a structured source. */
function source(text: string): ReadingSource {
  if (/default/.test(text) && !/=/.test(text.split(' ')[0]!)) return { from: 'default', note: text };
  const first = /^([^=+ ]+)=([^ +]*)/.exec(text);
  return first ? { from: 'parameter', parameter: first[1]!, value: first[2]!, ...(text !== `${first[1]}=${first[2]}` ? { note: text } : {}) } : { from: 'parameter', parameter: text };
}

/**
 * Reads a SQL Server connection string (ADO.NET, JDBC, `sqlserver://`,
 * `mssql://`) with its own client's rules into a {@link ConnectionReading};
 * undefined for strings in no SQL Server syntax.
 *
 * @example
 * ```ts
 * readMssqlConnectionString(mssqlEngine, 'Server=tcp:db,1433;Encrypt=Strict')?.directTls?.value; // true
 * ```
 */
export function readMssqlConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  const client = mssqlSyntax(input);
  if (!client) return undefined;
  const target = parseMssqlUrl(input);
  const sources: Record<string, ReadingSource> = {};
  for (const [field, text] of Object.entries(target.sources)) sources[field] = field === 'mode' || field === 'strict' ? source(text) : { from: 'parameter', parameter: text };
  if (sources.strict) sources.directTls = sources.strict;
  const options: Record<string, string> = {};
  if (target.login.appName) options.applicationName = target.login.appName;
  return readingFromTarget(engine, target, {
    client: { ...CLIENTS[client], name: MSSQL_CLIENT_NAMES[client] },
    sources,
    ...(target.login.password !== undefined ? { password: target.login.password } : {}),
    ...(target.strict ? { directTls: true } : {}),
    options,
  });
}
