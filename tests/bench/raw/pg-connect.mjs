// The raw-driver anchor for `dbtls connect` to PostgreSQL: node-postgres with verify-full TLS options,
// one connect, SELECT version(), end. Usage: node pg-connect.mjs <host> <port> <user> <password> <db> <ca.pem>
import { readFileSync } from 'node:fs';
import pg from 'pg';

const [host, port, user, password, database, ca] = process.argv.slice(2);
const client = new pg.Client({ host, port: Number(port), user, password, database, ssl: { ca: readFileSync(ca), rejectUnauthorized: true } });
await client.connect();
const { rows } = await client.query('SELECT version() AS version');
await client.end();
process.stdout.write(`${rows[0].version}\n`);
