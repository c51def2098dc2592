/** A running upload: its result, and a way to stop it. */
export interface Upload<T> {
  done: Promise<T>;
  abort(): void;
}

export type StartUpload<T> = (onProgress: (loaded: number, total: number) => void) => Upload<T>;

export interface UploadQueueEvents<T> {
  onStart(id: string): void;
  onProgress(id: string, loaded: number, total: number): void;
  onDone(id: string, value: T): void;
  onFail(id: string, error: unknown): void;
}

/**
 * Runs uploads a few at a time, in the order they were added. A cancelled upload reports nothing
 * more; a failed one can be added again under its id (a retry) and the others are left alone.
 */
export class UploadQueue<T> {
  readonly #events: UploadQueueEvents<T>;
  readonly #concurrency: number;
  #waiting: { id: string; start: StartUpload<T> }[] = [];
  readonly #running = new Map<string, Upload<T>>();

  constructor(events: UploadQueueEvents<T>, concurrency = 2) {
    this.#events = events;
    this.#concurrency = concurrency;
  }

  add(id: string, start: StartUpload<T>): void {
    this.cancel(id);
    this.#waiting.push({ id, start });
    this.#pump();
  }

  cancel(id: string): void {
    this.#waiting = this.#waiting.filter((job) => job.id !== id);
    const running = this.#running.get(id);
    if (!running) return;
    this.#running.delete(id);
    running.abort();
    this.#pump();
  }

  cancelAll(): void {
    this.#waiting = [];
    const running = [...this.#running.values()];
    this.#running.clear();
    for (const upload of running) upload.abort();
  }

  #pump(): void {
    while (this.#running.size < this.#concurrency) {
      const job = this.#waiting.shift();
      if (!job) return;
      this.#run(job.id, job.start);
    }
  }

  #run(id: string, start: StartUpload<T>): void {
    // Only the upload still registered under its id may report: a cancelled or replaced one is mute.
    let upload: Upload<T> | null = null;
    const current = () => upload !== null && this.#running.get(id) === upload;
    upload = start((loaded, total) => {
      if (current()) this.#events.onProgress(id, loaded, total);
    });
    this.#running.set(id, upload);
    this.#events.onStart(id);
    upload.done.then(
      (value) => this.#finish(id, current(), () => this.#events.onDone(id, value)),
      (error: unknown) => this.#finish(id, current(), () => this.#events.onFail(id, error)),
    );
  }

  #finish(id: string, stillCurrent: boolean, report: () => void): void {
    if (!stillCurrent) return;
    this.#running.delete(id);
    report();
    this.#pump();
  }
}
