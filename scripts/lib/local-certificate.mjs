// The self-signed certificate behind `npm start -- --https`: made once under DATA_DIR/tls and
// reused, so a browser that was told to trust it keeps trusting it across restarts.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

const DAY_MS = 24 * 60 * 60 * 1000;
// macOS refuses TLS server certificates valid for more than 825 days, even trusted ones.
const VALIDITY_DAYS = 825;

/**
 * Returns the paths of a certificate for localhost, 127.0.0.1 and ::1, creating it when it is
 * missing or expires within a day.
 * @param {string} dir
 * @returns {Promise<{ certPath: string, keyPath: string, created: boolean }>}
 */
export async function ensureLocalCertificate(dir) {
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  if (await isUsable(certPath, keyPath)) return { certPath, keyPath, created: false };

  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.writeFile(keyPath, pems.private, { mode: 0o600 });
  await fs.chmod(keyPath, 0o600); // writeFile's mode applies only when it creates the file
  await fs.writeFile(certPath, pems.cert);
  return { certPath, keyPath, created: true };
}

async function isUsable(certPath, keyPath) {
  try {
    const [cert] = await Promise.all([fs.readFile(certPath), fs.access(keyPath)]);
    return new Date(new X509Certificate(cert).validTo).getTime() > Date.now() + DAY_MS;
  } catch {
    return false;
  }
}

/** How to make browsers trust the certificate for `origin`, for the terminal. */
export function trustInstructions(certPath, origin) {
  return [
    `The certificate is self-signed: ${certPath}`,
    'Until you trust it, browsers show a warning. To trust it:',
    `  Debian/Ubuntu (system, curl): sudo cp '${certPath}' /usr/local/share/ca-certificates/parley-localhost.crt && sudo update-ca-certificates`,
    `  Chrome/Chromium on Linux:     certutil -d sql:$HOME/.pki/nssdb -A -t 'P,,' -n parley-localhost -i '${certPath}'   (certutil: apt-get install libnss3-tools)`,
    `  macOS (Safari, Chrome):       sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain '${certPath}'`,
    '  Firefox (any system):         Settings > Privacy & Security > Certificates > View Certificates >',
    `                                Servers > Add Exception > ${origin} > Confirm Security Exception`,
    'Then restart the browser.',
  ].join('\n');
}
