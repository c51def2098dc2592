// A scratch database on the DATABASE_URL server for one run, dropped at the end.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface BenchDb {
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDb(serverUrl: string): Promise<BenchDb> {
  const name = `parley_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
