// Many live `events.stream` subscriptions, one WebSocket each, reusing the users' access tokens
// (several sockets per user, like several open tabs: the server keeps its state per socket and per
// subscription; the user's own rows are shared either way).
import { mapLimit } from './concurrency.js';
import { typedClient } from './typed-client.js';

export interface Subscriber {
  /** Ids of the message.created events this subscription has seen. */
  readonly messageIds: Set<string>;
  errors: number;
  /** The server ended the subscription (a client would have to subscribe again itself). */
  ended: boolean;
  close(): Promise<void>;
}

export function subscribe(apiUrl: string, token: string): Promise<Subscriber> {
  const { trpc, close } = typedClient(apiUrl, token);
  const subscriber: Subscriber = { messageIds: new Set(), errors: 0, ended: false, close };
  return new Promise((resolve) => {
    trpc.events.stream.subscribe(undefined, {
      onStarted: () => resolve(subscriber),
      onData: ({ data }) => {
        if (data.type === 'message.created') subscriber.messageIds.add(data.messageId);
      },
      onError: () => subscriber.errors++,
      onComplete: () => (subscriber.ended = true),
    });
  });
}

/** `count` subscriptions, spread over the tokens round-robin, opened `concurrency` at a time. */
export function subscribeMany(
  apiUrl: string,
  tokens: string[],
  count: number,
  concurrency = 100,
): Promise<Subscriber[]> {
  return mapLimit(Array.from({ length: count }), concurrency, (_, i) =>
    subscribe(apiUrl, tokens[i % tokens.length]!),
  );
}
