import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from './env.js';

describe('readEnv', () => {
  it('applies the embedded defaults', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3002, HOST: '127.0.0.1' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe(path.resolve('data'));
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ MASTER_KEY: 'AAAA' }, 'MASTER_KEY'],
    [{ TLS_CERT: '/tmp/cert.pem' }, 'TLS_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops on %o with a message naming %s', (source, name) => {
    expect(() => readEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });
});
