import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  /** `<dir>/<name>.pem`: the certificate, which is also its own CA (trust it by this file). */
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * A self-signed EC P-256 certificate for a run on loopback, made with Debian's `openssl` (scripts/test-all.sh installs
 * it) into `dir` as `<name>.pem` and `<name>-key.pem`, valid for two days, for the names in `subjectAltName` (e.g.
 * `IP:127.0.0.1` or `DNS:desk.example`).
 */
export function makeCertificate(dir: string, name: string, subjectAltName: string): Certificate {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2']
      .concat(['-subj', `/CN=${name}`, '-addext', `subjectAltName=${subjectAltName}`])
      .concat(['-keyout', keyFile, '-out', certFile]),
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}
