import { z } from 'zod';
import type { TMessage } from '../messages/message-view.js';
import { ZMe } from '../profile/me.js';

/** Everything `events.stream` can carry. Later domains add their events here. */
export const ZEvent = z.discriminatedUnion('type', [
  /**
   * The first item of every stream, never stored: its id (`<last id>:e`) is a resume point, so a client
   * that has received nothing else yet still resumes without a gap.
   */
  z.object({ type: z.literal('stream.started') }),
  z.object({ type: z.literal('session.revoked'), sessionId: z.string() }),
  z.object({ type: z.literal('profile.updated'), user: ZMe }),
  /** Pairwise envelopes wait in this device's inbox (`devices.inbox`). */
  z.object({ type: z.literal('inbox.received'), deviceId: z.number() }),
  /** Created, renamed, or members changed: refetch it. Content never travels in events. */
  z.object({ type: z.literal('conversation.updated'), conversationId: z.string() }),
  /** The caller left or was removed. */
  z.object({ type: z.literal('conversation.removed'), conversationId: z.string() }),
  z.object({
    type: z.literal('message.created'),
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number(),
    /** Who sent it, so a client can skip notifying its own messages without a fetch. */
    senderId: z.string(),
    /** Present (true) only in the events of the members the message mentions. */
    mentionsMe: z.boolean().optional(),
  }),
  /** Edited or deleted: refetch it. */
  z.object({
    type: z.literal('message.updated'),
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number(),
  }),
  /** Ephemeral: someone you share a conversation with came online or went offline. */
  z.object({
    type: z.literal('presence'),
    userId: z.string(),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
  }),
  /** Ephemeral: someone is typing in a conversation (not stored, not replayed). */
  z.object({ type: z.literal('typing'), conversationId: z.string(), userId: z.string() }),
  z.object({
    type: z.literal('conversation.delivered'),
    conversationId: z.string(),
    userId: z.string(),
    lastDeliveredSeq: z.number(),
  }),
  z.object({
    type: z.literal('conversation.read'),
    conversationId: z.string(),
    userId: z.string(),
    lastReadSeq: z.number(),
  }),
]);

export type TEvent = z.infer<typeof ZEvent>;

type TMessageCreated = Extract<TEvent, { type: 'message.created' }>;

/**
 * What `events.stream` yields: the stored events, and with `message.created` the message itself when
 * the API process could open it once for all its subscribers (see events/new-message-content.ts).
 * That content is never stored; without it, the client fetches the message.
 */
export type TLiveEvent =
  Exclude<TEvent, TMessageCreated> | (TMessageCreated & { message?: TMessage });
