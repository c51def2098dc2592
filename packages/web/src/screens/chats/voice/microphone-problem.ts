/** What to tell the person when recording cannot start, from the error getUserMedia (or we) threw. */
export function microphoneProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'Parley may not use your microphone. Allow microphone access for this site in your browser, then try again.';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one and try again.';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'The microphone could not be started. Another app may be using it.';
    case 'SecurityError':
      return 'Recording needs a secure (https) connection.';
    case 'NotSupportedError':
      return 'This browser cannot record voice messages.';
    default:
      return 'Recording could not start. Please try again.';
  }
}

/** Thrown by us where the browser has no microphone API or no recorder fit for voice messages. */
export function unsupported(): DOMException {
  return new DOMException('No MediaRecorder for voice messages', 'NotSupportedError');
}
