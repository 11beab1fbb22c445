import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import tls from 'node:tls';
import { generate } from 'selfsigned';

export interface LocalTls {
  /** PEM of the CA the function must trust (`NODE_EXTRA_CA_CERTS`). */
  caPem: string;
  caFile: string;
  key: string;
  cert: string;
}

/**
 * A CA made for this session and one server certificate for every stand-in address. EC keys: fast to
 * make, and the handshake costs what a modern API's costs.
 */
export async function createLocalTls(hosts: string[], dir: string): Promise<LocalTls> {
  const notAfterDate = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'botflow local stand-ins CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'botflow stand-ins' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [{ type: 2, value: 'localhost' }, ...hosts.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  const caFile = join(dir, 'standins-ca.pem');
  await writeFile(caFile, ca.cert);
  return { caPem: ca.cert, caFile, key: server.private, cert: server.cert };
}

/**
 * For a function running in this very process (tests, the in-process demo): `NODE_EXTRA_CA_CERTS` is
 * read only at process start, so add the CA to the default store instead (Node ≥ 22.15 / 23.5).
 */
export function trustInProcess(caPem: string): void {
  const current = tls.getCACertificates('default');
  if (!current.includes(caPem)) tls.setDefaultCACertificates([...current, caPem]);
}
