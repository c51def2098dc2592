import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from './env.js';

describe('loadConfig', () => {
  test('defaults: port 3000 on 127.0.0.1, the API on 3002, plain HTTP', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      apiUrl: new URL('http://127.0.0.1:3002'),
      tls: null,
    });
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ API_URL: 'ftp://example.test' }, 'API_URL'],
    [{ API_URL: 'not a url' }, 'API_URL'],
    [{ TLS_CERT: '/tmp/cert.pem' }, 'TLS_CERT'],
  ])('%o is refused naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable}: `));
  });

  test('reads the TLS files, and names the variable of one it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-web-env-'));
    await writeFile(join(dir, 'cert.pem'), 'CERT');
    await writeFile(join(dir, 'key.pem'), 'KEY');
    const config = loadConfig({ TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'key.pem') });
    expect(config.tls?.cert.toString()).toBe('CERT');
    expect(config.tls?.key.toString()).toBe('KEY');
    expect(() =>
      loadConfig({ TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'missing.pem') }),
    ).toThrow(/^Invalid configuration: TLS_KEY: cannot read/);
  });
});
