import type { TAttachment, TMediaKind } from './attachment-types.js';

/** A failed upload: the API's message (or what went wrong on the way), and whether it was cancelled. */
export class UploadError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when no answer came (network, or cancelled). */
    readonly status: number,
    readonly aborted = false,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export interface UploadHandle {
  done: Promise<TAttachment>;
  abort(): void;
}

export interface UploadOptions {
  body: Blob;
  kind: TMediaKind;
  name: string;
  /** The access token to send now (see AuthSession.accessToken). */
  token(): Promise<string | null>;
  /** A fresh token after a 401, or null when the session is over. */
  refresh(): Promise<string | null>;
  onProgress?(loaded: number, total: number): void;
}

const NO_ANSWER = 'The upload did not reach Parley. Check your connection and try again.';

/**
 * Sends one file to `POST /media` as the raw request body. XMLHttpRequest rather than fetch: only it
 * reports upload progress. An expired token is refreshed and the upload sent once more.
 */
export function uploadMedia(options: UploadOptions): UploadHandle {
  let current: XMLHttpRequest | null = null;
  let aborted = false;
  const url = `/media?kind=${options.kind}&name=${encodeURIComponent(options.name)}`;

  const send = (token: string | null) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      if (aborted) {
        reject(new UploadError('Cancelled', 0, true));
        return;
      }
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', url);
      xhr.responseType = 'json';
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (event) => {
        options.onProgress?.(
          event.loaded,
          event.lengthComputable ? event.total : options.body.size,
        );
      };
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.response as unknown });
      xhr.onerror = () => reject(new UploadError(NO_ANSWER, 0));
      xhr.onabort = () => reject(new UploadError('Cancelled', 0, true));
      xhr.send(options.body);
    });

  const run = async (): Promise<TAttachment> => {
    let answer = await send(await options.token());
    if (answer.status === 401) answer = await send(await options.refresh());
    if (answer.status === 201) {
      const attachment = (answer.body as { attachment?: TAttachment } | null)?.attachment;
      if (attachment) return attachment;
    }
    throw new UploadError(errorMessage(answer.body, answer.status), answer.status);
  };

  return {
    done: run(),
    abort() {
      aborted = true;
      current?.abort();
    },
  };
}

/** The HTTP routes answer `{ error: { message } }` (or `{ error: message }`); anything else gets a plain sentence. */
export function errorMessage(body: unknown, status: number): string {
  const error = (body as { error?: unknown } | null)?.error;
  const message =
    typeof error === 'string' ? error : (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) return message;
  if (status === 413) return 'This file is too large to send.';
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status >= 500 || status === 0) return 'Something went wrong on our side. Please try again.';
  return `The upload was refused (HTTP ${status}).`;
}
