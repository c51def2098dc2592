// The media memory figure comes from the API package's own script, when it exists; its last output
// line is its JSON result.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = fileURLToPath(new URL('../../packages/api/bench/media-memory.ts', import.meta.url));

export async function mediaMemory(databaseUrl: string): Promise<unknown> {
  if (
    !(await access(script).then(
      () => true,
      () => false,
    ))
  )
    return null;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', script],
      {
        cwd: fileURLToPath(new URL('../../packages/api/', import.meta.url)),
        env: { ...process.env, DATABASE_URL: databaseUrl },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 5 * 60_000,
      },
    );
    const last = stdout.trim().split('\n').at(-1) ?? '';
    try {
      return JSON.parse(last) as unknown;
    } catch {
      return { output: last };
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}
