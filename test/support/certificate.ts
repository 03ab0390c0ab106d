import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A self-signed certificate for 127.0.0.1, written to `dir`; a child process trusts it through
 * NODE_EXTRA_CA_CERTS=`certPath`.
 */
export function loopbackCertificate(dir: string): {
  key: string;
  cert: string;
  keyPath: string;
  certPath: string;
} {
  const keyPath = path.join(dir, 'loopback.key');
  const certPath = path.join(dir, 'loopback.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), keyPath, certPath };
}
