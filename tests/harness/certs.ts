/**
 * Test certificates, generated with the machine's `openssl` at suite setup:
 * a CA, a second unrelated CA, a server certificate for `localhost` only, an
 * expired server certificate, a self-signed one, and client certificates.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  dir: string;
  /** CA that signs server.pem, expired.pem and client.pem. */
  caCert: string;
  caKey: string;
  /** An unrelated CA: trusting it must not validate the servers. */
  ca2Cert: string;
  /** Signed by the CA, SAN DNS:localhost only. */
  serverCert: string;
  serverKey: string;
  /** Signed by the CA, SAN DNS:localhost, valid 2020-01-01 to 2021-01-01. */
  expiredCert: string;
  expiredKey: string;
  /** Self-signed, SAN DNS:localhost. */
  selfSignedCert: string;
  selfSignedKey: string;
  /** Client certificate (CN=dbtls) signed by the CA, and its plain key. */
  clientCert: string;
  clientKey: string;
  /** The same client key encrypted with {@link CLIENT_KEY_PASSPHRASE}. */
  clientKeyEncrypted: string;
  /** A client certificate signed by the unrelated CA. */
  otherClientCert: string;
  otherClientKey: string;
}

export const CLIENT_KEY_PASSPHRASE = 'correct horse battery staple';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Generates (or reuses, when already present) the test certificates in `dir`. */
export function generateCertificates(dir: string): TestCertificates {
  mkdirSync(dir, { recursive: true });
  const p = (name: string) => join(dir, name);
  const certs: TestCertificates = {
    dir,
    caCert: p('ca.pem'),
    caKey: p('ca.key'),
    ca2Cert: p('ca2.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    expiredCert: p('expired.pem'),
    expiredKey: p('expired.key'),
    selfSignedCert: p('selfsigned.pem'),
    selfSignedKey: p('selfsigned.key'),
    clientCert: p('client.pem'),
    clientKey: p('client.key'),
    clientKeyEncrypted: p('client-encrypted.key'),
    otherClientCert: p('other-client.pem'),
    otherClientKey: p('other-client.key'),
  };
  if (existsSync(certs.otherClientKey)) return certs;

  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=dbtls Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-x509', ...ec, '-keyout', 'ca2.key', '-out', 'ca2.pem', '-days', '3650', '-subj', '/CN=dbtls Unrelated CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);

  writeFileSync(p('server.ext'), 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  writeFileSync(p('client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n');

  const leaf = (name: string, cn: string, ca: string, ext: string) => {
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '825', '-extfile', ext], dir);
  };
  leaf('server', 'localhost', 'ca', 'server.ext');
  leaf('client', 'dbtls', 'ca', 'client.ext');
  leaf('other-client', 'dbtls', 'ca2', 'client.ext');

  // Expired: `openssl ca` is the way OpenSSL 3.0 sets explicit dates.
  mkdirSync(p('ca-db'), { recursive: true });
  writeFileSync(p('ca-db/index.txt'), '');
  writeFileSync(p('ca-db/serial'), '1000\n');
  writeFileSync(
    p('ca.cnf'),
    [
      '[ca]', 'default_ca = test', '[test]', `dir = ${dir}`, 'database = $dir/ca-db/index.txt', 'serial = $dir/ca-db/serial',
      'new_certs_dir = $dir/ca-db', 'certificate = $dir/ca.pem', 'private_key = $dir/ca.key', 'default_md = sha256',
      'policy = any', 'copy_extensions = none', 'unique_subject = no', '[any]', 'commonName = supplied', '[ext]',
      'subjectAltName=DNS:localhost', 'basicConstraints=CA:FALSE', 'extendedKeyUsage=serverAuth', '',
    ].join('\n'),
  );
  openssl(['req', ...ec, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=localhost'], dir);
  openssl(['ca', '-batch', '-config', 'ca.cnf', '-extensions', 'ext', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-in', 'expired.csr', '-out', 'expired.pem', '-notext'], dir);

  openssl(['req', '-x509', ...ec, '-keyout', 'selfsigned.key', '-out', 'selfsigned.pem', '-days', '825', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], dir);
  openssl(['pkey', '-in', 'client.key', '-out', 'client-encrypted.key', '-aes256', '-passout', `pass:${CLIENT_KEY_PASSPHRASE}`], dir);
  for (const key of ['ca.key', 'ca2.key', 'server.key', 'expired.key', 'selfsigned.key', 'client.key', 'client-encrypted.key', 'other-client.key']) chmodSync(p(key), 0o600);
  return certs;
}
