import { readFile } from 'node:fs/promises';

/** A file from src/test/fixtures (copies of the shared test media). */
export function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(`./fixtures/${name}`, import.meta.url));
}
