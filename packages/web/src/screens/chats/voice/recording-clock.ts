/**
 * The time a recording has run, pauses left out, and the alarm at its length limit. The alarm is
 * re-armed on every resume for the time left, so it never fires early or during a pause.
 */
export class RecordingClock {
  #recordedMs = 0;
  #runningSince: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #limitMs: number;
  readonly #onLimit: () => void;
  readonly #now: () => number;

  constructor(limitMs: number, onLimit: () => void, now: () => number = () => performance.now()) {
    this.#limitMs = limitMs;
    this.#onLimit = onLimit;
    this.#now = now;
  }

  get running(): boolean {
    return this.#runningSince !== null;
  }

  elapsedMs(): number {
    return this.#recordedMs + (this.#runningSince === null ? 0 : this.#now() - this.#runningSince);
  }

  /** Starts, or resumes after a pause. */
  run(): void {
    if (this.#runningSince !== null) return;
    this.#runningSince = this.#now();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.halt();
        this.#onLimit();
      },
      Math.max(0, this.#limitMs - this.#recordedMs),
    );
  }

  /** Pauses or stops: the time so far is kept, the alarm is off. */
  halt(): void {
    this.#recordedMs = this.elapsedMs();
    this.#runningSince = null;
    clearTimeout(this.#timer);
  }
}
