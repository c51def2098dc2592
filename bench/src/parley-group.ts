// Parley as a client sees it: every member with the typed client and its live event stream. A member
// "has" a message once its `message.created` event arrived with the message in it, or, when the event
// came without it (the API hands on only what it could open once for everyone), once it fetched the
// message through messages.list: what a client does. Fetches are coalesced per member: one in flight,
// then one more for whatever arrived meanwhile.
import { randomUUID } from 'node:crypto';
import type { TEvent } from '@parley/api/client';
import type { ServerChild } from './children.js';
import { mapLimit } from './concurrency.js';
import type { DeliveryGroup } from './delivery-step.js';
import { typedClient, type TypedClient } from './typed-client.js';
import { usernameOf, type BenchUser } from './users.js';

type MessageCreated = Extract<TEvent, { type: 'message.created' }>;

/** One client per user, each following its stream; events go to the group of their conversation. */
export class ParleyFleet {
  private readonly groups = new Map<string, ParleyGroup>();
  duplicateEvents = 0;
  streamErrors = 0;

  private constructor(
    readonly clients: TypedClient[],
    readonly userIds: string[],
  ) {}

  static async connect(apiUrl: string, users: BenchUser[]): Promise<ParleyFleet> {
    const clients = users.map((user) => typedClient(apiUrl, user.token));
    const fleet = new ParleyFleet(
      clients,
      users.map((u) => u.userId),
    );
    await mapLimit(clients, 50, (client, i) => fleet.follow(client, i));
    return fleet;
  }

  register(conversationId: string, group: ParleyGroup) {
    this.groups.set(conversationId, group);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }

  private follow(client: TypedClient, member: number): Promise<void> {
    let last = 0;
    return new Promise((resolve) => {
      client.trpc.events.stream.subscribe(undefined, {
        onStarted: () => resolve(),
        onData: ({ id, data: event }) => {
          if (event.type !== 'message.created') return;
          const eventId = Number(id);
          if (eventId <= last) {
            this.duplicateEvents++;
            return;
          }
          last = eventId;
          this.groups.get(event.conversationId)?.heard(member, event);
        },
        onError: () => this.streamErrors++,
      });
    });
  }
}

export class ParleyGroup implements DeliveryGroup {
  onContent: DeliveryGroup['onContent'] = () => {};
  receiveErrors = 0;
  private readonly fetchedSeq: number[];
  private readonly wantedSeq: number[];
  private readonly fetching: boolean[];
  /** Seqs each member holds, so a message that came both ways is taken once (as a client would). */
  private readonly held: Set<number>[];

  private constructor(
    private readonly fleet: ParleyFleet,
    readonly server: ServerChild,
    readonly size: number,
    readonly conversationId: string,
  ) {
    this.fetchedSeq = new Array<number>(size).fill(0);
    this.wantedSeq = new Array<number>(size).fill(0);
    this.fetching = new Array<boolean>(size).fill(false);
    this.held = Array.from({ length: size }, () => new Set<number>());
  }

  /** Members 0…size-1 of the fleet; a direct conversation for 2, a group otherwise. */
  static async create(fleet: ParleyFleet, server: ServerChild, size: number): Promise<ParleyGroup> {
    const creator = fleet.clients[0]!.trpc.conversations;
    const conversation =
      size === 2
        ? await creator.openDirect.mutate({ username: usernameOf(1) })
        : await creator.createGroup.mutate({
            title: `Bench ${size}`,
            usernames: Array.from({ length: size - 1 }, (_, i) => usernameOf(i + 1)),
          });
    const group = new ParleyGroup(fleet, server, size, conversation.id);
    // Opening the conversation once takes in its epoch key, as a client does before chatting.
    await mapLimit(fleet.clients.slice(0, size), 16, async (client, member) => {
      const page = await client.trpc.messages.list.query({ conversationId: conversation.id });
      group.fetchedSeq[member] = page.messages.at(-1)?.seq ?? 0;
    });
    fleet.register(conversation.id, group);
    return group;
  }

  get duplicateEvents() {
    return this.fleet.duplicateEvents;
  }

  async send(sender: number, text: string): Promise<void> {
    await this.fleet.clients[sender]!.trpc.messages.send.mutate({
      conversationId: this.conversationId,
      clientMessageId: randomUUID(),
      text,
    });
  }

  heard(member: number, event: MessageCreated & { message?: { text: string | null } }) {
    if (member >= this.size || event.senderId === this.fleet.userIds[member]) return;
    const text = event.message?.text;
    if (text !== undefined && text !== null) {
      this.hold(member, event.seq, text);
      if (event.seq === this.fetchedSeq[member]! + 1) this.fetchedSeq[member] = event.seq;
      return;
    }
    this.wantedSeq[member] = Math.max(this.wantedSeq[member]!, event.seq);
    if (!this.fetching[member]) void this.catchUp(member);
  }

  private hold(member: number, seq: number, text: string) {
    const held = this.held[member]!;
    if (held.has(seq)) return;
    held.add(seq);
    this.onContent(member, text);
  }

  private async catchUp(member: number) {
    this.fetching[member] = true;
    const client = this.fleet.clients[member]!;
    const me = this.fleet.userIds[member];
    try {
      while (this.fetchedSeq[member]! < this.wantedSeq[member]!) {
        const { messages } = await client.trpc.messages.list.query({
          conversationId: this.conversationId,
          after: this.fetchedSeq[member],
          limit: 100,
        });
        if (messages.length === 0) break;
        for (const message of messages) {
          if (message.senderId !== me && message.text !== null)
            this.onContent(member, message.text);
        }
        this.fetchedSeq[member] = messages.at(-1)!.seq;
      }
    } catch {
      this.receiveErrors++;
    } finally {
      this.fetching[member] = false;
    }
  }
}
