// The raw-driver anchor for `dbtls connect` to MariaDB/MySQL: mysql2 with verify-identity TLS options,
// one connect, SELECT 1, end. Usage: node mysql2-connect.mjs <host> <port> <user> <password> <ca.pem>
import { readFileSync } from 'node:fs';
import mysql from 'mysql2';

const [host, port, user, password, ca] = process.argv.slice(2);
const conn = mysql.createConnection({ host, port: Number(port), user, password, ssl: { ca: readFileSync(ca), rejectUnauthorized: true } });
await new Promise((resolve, reject) => conn.query('SELECT 1', (err) => (err ? reject(err) : resolve())));
await new Promise((resolve) => conn.end(resolve));
process.stdout.write('ok\n');
