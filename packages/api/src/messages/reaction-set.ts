import { z } from 'zod';

// Pure (no database): the Node SDK opens reactions with this too.

/** Each member's set of emoji on a message, sealed under the message's epoch. */
const ZReactionSet = z.object({ v: z.literal(1), emoji: z.array(z.string()) });

export const decodeReactionSet = (bytes: Uint8Array) =>
  ZReactionSet.parse(JSON.parse(new TextDecoder().decode(bytes))).emoji;

export const encodeReactionSet = (emoji: string[]) =>
  new TextEncoder().encode(JSON.stringify({ v: 1, emoji }));

/** What a sealed reaction set is bound to besides its epoch: `reaction:<messageId>`. */
export const reactionClientId = (messageId: string) => `reaction:${messageId}`;

export const ZReactions = z.array(z.object({ emoji: z.string(), userIds: z.array(z.string()) }));
export type TReactions = z.infer<typeof ZReactions>;

/** Adds one member's emoji to a message's reactions, grouped by emoji in first-reacted order. */
export function addReactions(list: TReactions, userId: string, emoji: readonly string[]): void {
  for (const one of emoji) {
    const entry = list.find((r) => r.emoji === one);
    if (entry) entry.userIds.push(userId);
    else list.push({ emoji: one, userIds: [userId] });
  }
}
