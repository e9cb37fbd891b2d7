/**
 * Certificates for chain and certificate-health scenarios, generated with the
 * machine's `openssl` (or reused when present): an RSA root, an EC
 * intermediate it signs, and leaves signed by the intermediate for
 * `localhost` + `127.0.0.1` (IP SAN), for a wildcard name, and one that
 * expires soon; plus a self-signed RSA-1024/SHA-1 certificate (weak key, weak
 * signature).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ChainCertificates {
  dir: string;
  /** Self-signed RSA-2048 root, CN=dbtls Chain Root. */
  rootCert: string;
  /** EC P-256 intermediate signed by the root, CN=dbtls Chain Intermediate. */
  intermediateCert: string;
  /** intermediate + root: a CA file that holds an intermediate. */
  bundleCert: string;
  /** Leaf for DNS:localhost and IP:127.0.0.1, signed by the intermediate, valid 400 days. */
  leafCert: string;
  leafKey: string;
  /** leaf + intermediate, what a well-configured server sends. */
  leafFullChain: string;
  /** Leaf for DNS:*.db.localhost only (wildcard), signed by the intermediate, sent with it. */
  wildcardFullChain: string;
  wildcardKey: string;
  /** Leaf for localhost expiring in 10 days, sent with the intermediate. */
  soonFullChain: string;
  soonKey: string;
  /** Self-signed RSA-1024 certificate signed with SHA-1, DNS:localhost. */
  weakCert: string;
  weakKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Generates (or reuses) the chain certificates in `dir`. */
export function generateChainCertificates(dir: string): ChainCertificates {
  mkdirSync(dir, { recursive: true });
  const p = (name: string) => join(dir, name);
  const c: ChainCertificates = {
    dir,
    rootCert: p('root.pem'),
    intermediateCert: p('intermediate.pem'),
    bundleCert: p('bundle.pem'),
    leafCert: p('leaf.pem'),
    leafKey: p('leaf.key'),
    leafFullChain: p('leaf-fullchain.pem'),
    wildcardFullChain: p('wildcard-fullchain.pem'),
    wildcardKey: p('wildcard.key'),
    soonFullChain: p('soon-fullchain.pem'),
    soonKey: p('soon.key'),
    weakCert: p('weak.pem'),
    weakKey: p('weak.key'),
  };
  if (existsSync(c.weakKey)) return c;
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '3650', '-subj', '/CN=dbtls Chain Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  writeFileSync(p('intermediate.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n');
  openssl(['req', ...ec, '-keyout', 'intermediate.key', '-out', 'intermediate.csr', '-subj', '/CN=dbtls Chain Intermediate'], dir);
  openssl(['x509', '-req', '-in', 'intermediate.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'intermediate.pem', '-days', '1825', '-sha256', '-extfile', 'intermediate.ext'], dir);
  const leaf = (name: string, san: string, days: number) => {
    writeFileSync(p(`${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${san.split(',')[0]!.replace(/^DNS:/, '')}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'intermediate.pem', '-CAkey', 'intermediate.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', String(days), '-sha256', '-extfile', `${name}.ext`], dir);
    writeFileSync(p(`${name}-fullchain.pem`), readFileSync(p(`${name}.pem`), 'utf8') + readFileSync(p('intermediate.pem'), 'utf8'));
  };
  leaf('leaf', 'DNS:localhost,IP:127.0.0.1', 400);
  leaf('wildcard', 'DNS:*.db.localhost', 400);
  leaf('soon', 'DNS:localhost', 10);
  writeFileSync(p('bundle.pem'), readFileSync(p('intermediate.pem'), 'utf8') + readFileSync(p('root.pem'), 'utf8'));
  openssl(['req', '-x509', '-newkey', 'rsa:1024', '-sha1', '-nodes', '-keyout', 'weak.key', '-out', 'weak.pem', '-days', '400', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], dir);
  for (const key of ['root.key', 'intermediate.key', 'leaf.key', 'wildcard.key', 'soon.key', 'weak.key']) chmodSync(p(key), 0o600);
  return c;
}
