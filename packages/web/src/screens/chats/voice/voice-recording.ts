import { LIMITS } from '@parley/api/validation';
import { unsupported } from './microphone-problem.js';
import { levelOf } from './peaks.js';
import { RecordingClock } from './recording-clock.js';
import { pickRecordingType } from './recording-format.js';

/** The longest voice message (the API refuses longer ones). */
export const MAX_RECORDING_MS = LIMITS.voiceMaxMs;
/**
 * Recording stops this much before the limit: the recorded audio can run slightly longer than the
 * clock says, and a background tab may fire the timer up to a second late.
 */
const STOP_MARGIN_MS = 1_500;

export interface RecordingResult {
  blob: Blob;
  type: string;
  /** Stopped by the length limit rather than by the person. */
  limited: boolean;
}

/**
 * One microphone recording. It runs until stopped, cancelled, the limit, or the microphone going
 * away; nothing here reacts to focus or visibility, so it keeps going in a background window.
 * `finished` settles once, with the recording, or null when it was cancelled.
 */
export class VoiceRecording {
  readonly type: string;
  readonly finished: Promise<RecordingResult | null>;
  readonly #recorder: MediaRecorder;
  readonly #stream: MediaStream;
  readonly #context: AudioContext;
  readonly #analyser: AnalyserNode;
  readonly #samples: Float32Array<ArrayBuffer>;
  readonly #chunks: Blob[] = [];
  readonly #clock: RecordingClock;
  #limited = false;
  #cancelled = false;

  /** Asks for the microphone and starts; throws what microphoneProblem() explains. */
  static async start(): Promise<VoiceRecording> {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      throw window.isSecureContext ? unsupported() : new DOMException('', 'SecurityError');
    }
    const type = pickRecordingType((t) => MediaRecorder.isTypeSupported(t));
    if (!type) throw unsupported();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    return new VoiceRecording(stream, type);
  }

  private constructor(stream: MediaStream, type: string) {
    this.type = type;
    this.#stream = stream;
    this.#recorder = new MediaRecorder(stream, { mimeType: type, audioBitsPerSecond: 32_000 });
    this.#context = new AudioContext();
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#context.createMediaStreamSource(stream).connect(this.#analyser);
    this.finished = new Promise((resolve) => {
      this.#recorder.addEventListener('dataavailable', (event) => {
        if (event.data.size > 0) this.#chunks.push(event.data);
      });
      this.#recorder.addEventListener('stop', () => {
        this.#release();
        if (this.#cancelled || this.#chunks.length === 0) resolve(null);
        else resolve({ blob: new Blob(this.#chunks, { type }), type, limited: this.#limited });
      });
    });
    // The microphone unplugged or its permission revoked: keep what was recorded.
    for (const track of stream.getTracks()) track.addEventListener('ended', () => this.stop());
    this.#clock = new RecordingClock(MAX_RECORDING_MS - STOP_MARGIN_MS, () => {
      this.#limited = true;
      this.stop();
    });
    // Chunks every second, so a stop has little left to flush.
    this.#recorder.start(1000);
    this.#clock.run();
  }

  get state(): 'recording' | 'paused' | 'stopped' {
    if (this.#recorder.state === 'inactive') return 'stopped';
    return this.#clock.running ? 'recording' : 'paused';
  }

  /** Time recorded so far, pauses left out. */
  elapsedMs(): number {
    return this.#clock.elapsedMs();
  }

  /** The microphone's level right now, 0..1 (0 while paused). */
  level(): number {
    if (this.state !== 'recording') return 0;
    this.#analyser.getFloatTimeDomainData(this.#samples);
    return levelOf(this.#samples);
  }

  pause(): void {
    if (this.state !== 'recording') return;
    this.#recorder.pause();
    this.#clock.halt();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.#recorder.resume();
    this.#clock.run();
  }

  stop(): void {
    if (this.#recorder.state === 'inactive') return;
    this.#clock.halt();
    this.#recorder.stop();
  }

  /** Stops and throws the recording away. */
  cancel(): void {
    this.#cancelled = true;
    this.stop();
  }

  /** Turns the microphone (and the browser's recording indicator) off. */
  #release(): void {
    this.#clock.halt();
    for (const track of this.#stream.getTracks()) track.stop();
    void this.#context.close();
  }
}
