/**
 * Certificates for the local control plane, made with openssl in its temporary folder: a CA,
 * one serving certificate for 127.0.0.1 (the API server's, and Kueue's webhook and metrics
 * servers'), and the key pair that signs service-account tokens. Valid for one day.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  readonly caCert: string;
  readonly servingCert: string;
  readonly servingKey: string;
  readonly saKey: string;
  readonly saPub: string;
}

function openssl(dir: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makePki(dir: string): Pki {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=rackshift-test-ca', '-days', '1']);
  writeFileSync(
    join(dir, 'serving.ext'),
    ['subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc', 'extendedKeyUsage=serverAuth', 'keyUsage=digitalSignature,keyEncipherment'].join('\n') + '\n',
  );
  openssl(dir, ['req', ...ec, '-keyout', 'serving.key', '-out', 'serving.csr', '-subj', '/CN=127.0.0.1']);
  openssl(dir, ['x509', '-req', '-in', 'serving.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'serving.crt', '-days', '1', '-extfile', 'serving.ext']);
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'sa.key']);
  openssl(dir, ['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  const at = (f: string) => join(dir, f);
  return { caCert: at('ca.crt'), servingCert: at('serving.crt'), servingKey: at('serving.key'), saKey: at('sa.key'), saPub: at('sa.pub') };
}
