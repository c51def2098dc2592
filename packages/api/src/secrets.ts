import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface Secrets {
  jwtSecret: Buffer;
  masterKey: Buffer;
  masterKeyId: string;
}

const ZStoredSecrets = z.object({
  jwtSecret: z.base64(),
  masterKey: z.base64(),
  masterKeyId: z.string(),
});

/**
 * Secrets given in the environment win; otherwise (the embedded default) they are generated once into
 * DATA_DIR/secrets.json with mode 0600 and reused on every later start, so sessions survive restarts.
 */
export async function loadSecrets(
  dataDir: string,
  given: { jwtSecret?: string; masterKey?: string; masterKeyId: string },
): Promise<Secrets> {
  const stored = given.jwtSecret && given.masterKey ? undefined : await storedSecrets(dataDir);
  return {
    jwtSecret: given.jwtSecret ? Buffer.from(given.jwtSecret) : stored!.jwtSecret,
    masterKey: given.masterKey ? Buffer.from(given.masterKey, 'base64') : stored!.masterKey,
    masterKeyId: given.masterKey ? given.masterKeyId : stored!.masterKeyId,
  };
}

async function storedSecrets(dataDir: string): Promise<Secrets> {
  const file = path.join(dataDir, 'secrets.json');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const fresh = {
    jwtSecret: randomBytes(32).toString('base64'),
    masterKey: randomBytes(32).toString('base64'),
    masterKeyId: 'local-1',
  };
  try {
    // 'wx' fails if another process created the file first; then we read theirs.
    await writeFile(file, JSON.stringify(fresh, null, 2), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const parsed = ZStoredSecrets.parse(JSON.parse(await readFile(file, 'utf8')));
  return {
    jwtSecret: Buffer.from(parsed.jwtSecret, 'base64'),
    masterKey: Buffer.from(parsed.masterKey, 'base64'),
    masterKeyId: parsed.masterKeyId,
  };
}
