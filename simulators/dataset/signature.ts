import { mix32, Rng } from './random.js';
import type { Supplier } from './suppliers.js';
import { esc } from './xml-text.js';

/**
 * The signature block real invoices carry in ext:UBLExtensions: XML-DSig with XAdES properties and an
 * X.509 certificate. Values are base64 of random bytes, realistic in shape and size, not a real signature.
 * Random material comes from one fixed pool, sliced per invoice, so a block costs only string joins.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const POOL_CHARS = 65_536;
const pool = (() => {
  const rng = new Rng(0x51c0ffee, 0xa11ce5, 0xb0b, 0xdeadbeef);
  let s = '';
  for (let i = 0; i < POOL_CHARS; i++) s += B64[rng.next() & 63];
  return s;
})();

/** Base64 text of `bytes` random bytes starting at a pool offset, with correct padding and last char. */
function b64(offset: number, bytes: number): string {
  const full = Math.floor(bytes / 3) * 4;
  const rest = bytes % 3;
  const start = offset % (POOL_CHARS - full - 4);
  const body = pool.slice(start, start + full);
  if (rest === 0) return body;
  // The last significant character may only carry the remaining bits (low bits zero).
  const last = B64[(pool.charCodeAt(start + full + 1) * 7) & (rest === 1 ? 0x30 : 0x3c)] ?? 'A';
  return rest === 1 ? `${body}${pool[start + full] ?? 'A'}${last}==` : `${body}${pool.slice(start + full, start + full + 2)}${last}=`;
}

/** A certificate body wrapped at 76 columns, as signing libraries write it. */
function wrapped(text: string): string {
  let out = text.slice(0, 76);
  for (let i = 76; i < text.length; i += 76) out += `\n${text.slice(i, i + 76)}`;
  return out;
}

const certificates = new Map<number, string>();
function certificateOf(supplier: Supplier): string {
  let cert = certificates.get(supplier.no);
  if (!cert) {
    cert = wrapped(`MIIG${b64(mix32(supplier.no + 77), 1233)}`);
    certificates.set(supplier.no, cert);
  }
  return cert;
}

export function signatureBlock(supplier: Supplier, ettn: string, signingTime: string, seed: number): string {
  const id = `Signature_${ettn}`;
  const s = mix32(seed);
  return `<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><ds:Signature Id="${id}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference Id="Reference-Id-${ettn}" URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${b64(s, 32)}</ds:DigestValue></ds:Reference><ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#SignedProperties_${ettn}"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${b64(s >>> 3, 32)}</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue Id="SignatureValue_${ettn}">
${wrapped(b64(s >>> 5, 256))}
</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509SubjectName>CN=${esc(supplier.name)},SERIALNUMBER=${supplier.vkn},C=TR</ds:X509SubjectName><ds:X509Certificate>
${certificateOf(supplier)}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo><ds:Object><xades:QualifyingProperties Target="#${id}"><xades:SignedProperties Id="SignedProperties_${ettn}"><xades:SignedSignatureProperties><xades:SigningTime>${signingTime}</xades:SigningTime><xades:SigningCertificate><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${b64(mix32(supplier.no + 5), 32)}</ds:DigestValue></xades:CertDigest><xades:IssuerSerial><ds:X509IssuerName>CN=Kamu SM SSL Sertifika Hizmet Sağlayıcısı - Sürüm 1,OU=Kamu Sertifikasyon Merkezi,O=Türkiye Bilimsel ve Teknolojik Araştırma Kurumu - TÜBİTAK,L=Gebze - Kocaeli,C=TR</ds:X509IssuerName><ds:X509SerialNumber>${(mix32(supplier.no + 9) * 4096 + (supplier.no % 4096)).toString()}</ds:X509SerialNumber></xades:IssuerSerial></xades:Cert></xades:SigningCertificate></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>`;
}
