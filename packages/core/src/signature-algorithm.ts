/** OpenSSL's names for the signature algorithm OIDs seen on server certificates. */
const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.156.10197.1.501': 'SM2-with-SM3',
};

/** The hash names that make a signature weak. */
const WEAK_HASH = /^(md2|md5|sha1)With|-with-SHA1$/i;

type Asn1 = typeof import('asn1js');
let asn1: Asn1 | undefined;

/**
 * Loads the ASN.1 reader (asn1js) on first use, so that commands without a
 * TLS report never pay for it.
 *
 * @example
 * ```ts
 * await loadSignatureReader();
 * signatureAlgorithmOf(der); // 'sha256WithRSAEncryption'
 * ```
 */
export async function loadSignatureReader(): Promise<void> {
  if (!asn1) asn1 = await import('asn1js');
}

/**
 * The signature algorithm of a DER certificate (the outer
 * `signatureAlgorithm` of RFC 5280 §4.1.1.2), in OpenSSL's spelling, or the
 * dotted OID when the name is not known. Null when the reader is not loaded
 * ({@link loadSignatureReader}) or the DER cannot be parsed.
 *
 * @example
 * ```ts
 * signatureAlgorithmOf(x509.raw); // 'ecdsa-with-SHA256'
 * ```
 */
export function signatureAlgorithmOf(der: Uint8Array): string | null {
  if (!asn1) return null;
  try {
    const parsed = asn1.fromBER(der);
    if (parsed.offset === -1) return null;
    const outer = parsed.result as InstanceType<Asn1['Sequence']>;
    const algorithm = (outer.valueBlock.value[1] as InstanceType<Asn1['Sequence']> | undefined)?.valueBlock.value[0];
    if (!(algorithm instanceof asn1.ObjectIdentifier)) return null;
    const oid = algorithm.valueBlock.toString();
    return SIGNATURE_ALGORITHMS[oid] ?? oid;
  } catch {
    return null;
  }
}

/**
 * True for signatures over MD2, MD5 or SHA-1.
 *
 * @example
 * ```ts
 * isWeakSignature('sha1WithRSAEncryption'); // true
 * ```
 */
export function isWeakSignature(name: string | null): boolean {
  return Boolean(name && WEAK_HASH.test(name));
}
