import type { WebSocket } from 'ws';

const POLL_MS = 20;

/**
 * Waits while a WebSocket holds more than `limit` unsent bytes: tRPC sends without waiting, so the
 * event stream must hold back itself. False when the client did not take the bytes within
 * `timeoutMs`: it has stopped reading.
 */
export async function socketDrained(socket: WebSocket, limit: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (socket.bufferedAmount > limit) {
    if (Date.now() > deadline || socket.readyState !== socket.OPEN) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
