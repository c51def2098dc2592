import { describe, expect, test } from 'vitest';
import { UploadQueue, type Upload } from './upload-queue.js';

/** An upload the test finishes by hand, recording whether it was aborted. */
function manualUpload() {
  let resolve!: (value: string) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const state = { aborted: false, progress: (_l: number, _t: number) => {} };
  const upload: Upload<string> = {
    done,
    abort: () => {
      state.aborted = true;
      reject(new Error('aborted'));
    },
  };
  return { upload, state, resolve, reject };
}

function recordingQueue(concurrency = 2) {
  const log: string[] = [];
  const queue = new UploadQueue<string>(
    {
      onStart: (id) => log.push(`start ${id}`),
      onProgress: (id, loaded, total) => log.push(`progress ${id} ${loaded}/${total}`),
      onDone: (id, value) => log.push(`done ${id} ${value}`),
      onFail: (id, error) => log.push(`fail ${id} ${(error as Error).message}`),
    },
    concurrency,
  );
  return { queue, log };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  test('runs two at a time in order, starting the next as one finishes', async () => {
    const { queue, log } = recordingQueue(2);
    const uploads = ['a', 'b', 'c'].map(() => manualUpload());
    ['a', 'b', 'c'].forEach((id, i) =>
      queue.add(id, (onProgress) => {
        uploads[i]!.state.progress = onProgress;
        return uploads[i]!.upload;
      }),
    );
    expect(log).toEqual(['start a', 'start b']);
    uploads[1]!.state.progress(5, 10);
    uploads[1]!.resolve('B');
    await settle();
    expect(log).toEqual(['start a', 'start b', 'progress b 5/10', 'done b B', 'start c']);
  });

  test('cancelling a running upload aborts it, reports nothing more and frees its slot', async () => {
    const { queue, log } = recordingQueue(1);
    const a = manualUpload();
    const b = manualUpload();
    queue.add('a', (onProgress) => {
      a.state.progress = onProgress;
      return a.upload;
    });
    queue.add('b', () => b.upload);
    queue.cancel('a');
    a.state.progress(1, 2);
    await settle();
    expect(a.state.aborted).toBe(true);
    expect(log).toEqual(['start a', 'start b']);
  });

  test('cancelling a waiting upload means it never starts', async () => {
    const { queue, log } = recordingQueue(1);
    const a = manualUpload();
    let startedB = false;
    queue.add('a', () => a.upload);
    queue.add('b', () => {
      startedB = true;
      return manualUpload().upload;
    });
    queue.cancel('b');
    a.resolve('A');
    await settle();
    expect(startedB).toBe(false);
    expect(log).toEqual(['start a', 'done a A']);
  });

  test('a failure is reported for that upload only; adding it again retries it alone', async () => {
    const { queue, log } = recordingQueue(2);
    const first = manualUpload();
    const second = manualUpload();
    const other = manualUpload();
    let tries = 0;
    const start = () => (++tries === 1 ? first.upload : second.upload);
    queue.add('a', start);
    queue.add('b', () => other.upload);
    first.reject(new Error('network'));
    await settle();
    queue.add('a', start);
    second.resolve('A');
    other.resolve('B');
    await settle();
    expect(tries).toBe(2);
    expect(log).toEqual([
      'start a',
      'start b',
      'fail a network',
      'start a',
      'done a A',
      'done b B',
    ]);
  });

  test('cancelAll aborts every running upload and drops the waiting ones', async () => {
    const { queue, log } = recordingQueue(1);
    const a = manualUpload();
    queue.add('a', () => a.upload);
    queue.add('b', () => manualUpload().upload);
    queue.cancelAll();
    await settle();
    expect(a.state.aborted).toBe(true);
    expect(log).toEqual(['start a']);
  });
});
