// The same conversation on the baseline relay: one plain WebSocket per member, the message's JSON
// (about the size of a Parley message as messages.list returns it) relayed to the others.
import { WebSocket } from 'ws';
import type { ServerChild } from './children.js';
import { mapLimit } from './concurrency.js';
import type { DeliveryGroup } from './delivery-step.js';

export class RelayGroup implements DeliveryGroup {
  onContent: DeliveryGroup['onContent'] = () => {};
  readonly duplicateEvents = 0;
  readonly receiveErrors = 0;
  private seq = 0;

  private constructor(
    readonly server: ServerChild,
    private readonly sockets: WebSocket[],
  ) {
    sockets.forEach((socket, member) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { text: string };
        this.onContent(member, message.text);
      }),
    );
  }

  static async create(server: ServerChild, size: number): Promise<RelayGroup> {
    const url = `${server.url}/?group=g${size}`;
    const sockets = await mapLimit(Array.from({ length: size }), 64, async () => {
      const socket = new WebSocket(url);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      return socket;
    });
    return new RelayGroup(server, sockets);
  }

  get size() {
    return this.sockets.length;
  }

  async send(sender: number, text: string): Promise<void> {
    const now = new Date().toISOString();
    const message = {
      id: crypto.randomUUID(),
      conversationId: '00000000-0000-4000-8000-000000000000',
      seq: ++this.seq,
      senderId: '00000000-0000-4000-8000-000000000001',
      senderDeviceId: 1,
      clientMessageId: crypto.randomUUID(),
      text,
      replyToId: null,
      reactions: [],
      createdAt: now,
      editedAt: null,
      deletedAt: null,
    };
    this.sockets[sender]!.send(JSON.stringify(message));
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}
