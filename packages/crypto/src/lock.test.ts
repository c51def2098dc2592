import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './lock.js';
import { TestDirectory, makeDevice, text } from './test/devices.js';

describe('KeyedMutex', () => {
  it('runs operations on one key one at a time, in order, and other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const op = (key: string, name: string) =>
      mutex.run(key, async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        events.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`end ${name}`);
        running -= 1;
        if (name === 'a2') throw new Error('a2 failed');
        return name;
      });
    const results = await Promise.allSettled([
      op('a', 'a1'),
      op('a', 'a2'),
      op('a', 'a3'),
      op('b', 'b1'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const a = events.filter((e) => e.endsWith('a1') || e.endsWith('a2') || e.endsWith('a3'));
    expect(a).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    expect(maxRunning).toBe(2); // a-something beside b1
    expect(mutex.size).toBe(0);
  });

  it('wraps each device operation in the caller cross-process lock', async () => {
    const resources: string[] = [];
    const directory = new TestDirectory();
    const { device: bob } = await makeDevice('bob');
    const { device: alice } = await makeDevice('alice', 1, {
      lock: async (resource, operation) => {
        resources.push(resource);
        return operation();
      },
    });
    await directory.publish(bob);
    await alice.encrypt(bob.address, text('hi'), directory.fetcher(bob.address));
    await alice.rotateSignedPreKey();
    expect(resources).toEqual(['device', 'session/bob.1', 'device']);
  });
});
