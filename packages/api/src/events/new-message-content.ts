import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import { withContentKeys } from '../devices/hosted-content-keys.js';
import type { Viewer } from '../media/attachment-views.js';
import { openMessages, type TMessage } from '../messages/message-view.js';

const { messages } = schema;

/** Opens new messages of one conversation with one member's session; only those it may hand on. */
export type NewMessageOpener = (
  viewer: Viewer,
  conversationId: string,
  messageIds: string[],
) => Promise<TMessage[]>;

/** Plain text only: attachment URLs carry tickets bound to one session, so those are not handed on. */
export const canHandOn = (message: TMessage) =>
  message.text !== null && message.attachments.length === 0 && message.deletedAt === null;

/**
 * A new message is opened once per API process, with the hosted device of one member subscribed
 * there, and handed to every member subscribed there with its `message.created` event, so that each
 * does not fetch it and open it again. Only plain text qualifies: attachment URLs carry tickets bound
 * to one session, so a message with files is fetched by each client as before (as is one this device
 * cannot open). The content is never stored with the event.
 */
export function newMessageOpener(
  deps: Pick<Services, 'db' | 'config' | 'logger' | 'contentKeys'>,
): NewMessageOpener {
  return (viewer, conversationId, messageIds) =>
    withContentKeys(deps, viewer, async (device, tx) => {
      const rows = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), inArray(messages.id, messageIds)));
      const opened = await openMessages(tx, device, rows, deps, viewer);
      return opened.filter(canHandOn);
    });
}
