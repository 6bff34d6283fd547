/**
 * The sim's TLS certificate: self-signed, generated once per process (the first start) and reused by
 * later starts, so tests that start and close the sim repeatedly stay fast.
 */
import { generate } from 'selfsigned';

export interface SimCertificate {
  key: string;
  cert: string;
  fingerprint: string;
}

/** Host names the certificate covers (Chromium is started with --ignore-certificate-errors anyway). */
export const CERT_DNS_NAMES = [
  '*.lightning.force.com',
  '*.my.salesforce.com',
  '*.salesforce.com',
  '*.force.com',
  '*.kustomerapp.com',
  '*.api.kustomerapp.com',
  'localhost',
] as const;

let pending: Promise<SimCertificate> | undefined;

export function simCertificate(): Promise<SimCertificate> {
  pending ??= create().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

async function create(): Promise<SimCertificate> {
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: 'Handoff Fields simulation' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...CERT_DNS_NAMES.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, fingerprint: pems.fingerprint };
}
