import { and, eq, inArray } from 'drizzle-orm';
import { schema } from '@parley/db';
import type { Services } from '../context.js';
import { withHostedDevice } from '../devices/hosted-device.js';
import type { Viewer } from '../media/attachment-views.js';
import { openMessages, type TMessage } from '../messages/message-view.js';

const { messages } = schema;

/** Opens new messages of one conversation with one member's session; only those it may hand on. */
export type NewMessageOpener = (
  viewer: Viewer,
  conversationId: string,
  messageIds: string[],
) => Promise<TMessage[]>;

/**
 * A new message is opened once per API process, with the hosted device of one member subscribed
 * there, and handed to every member subscribed there with its `message.created` event, so that each
 * does not fetch it and open it again. Only plain text qualifies: attachment URLs carry tickets bound
 * to one session, so a message with files is fetched by each client as before (as is one this device
 * cannot open). The content is never stored with the event.
 */
export function newMessageOpener(
  deps: Pick<Services, 'db' | 'config' | 'logger'>,
): NewMessageOpener {
  return (viewer, conversationId, messageIds) =>
    withHostedDevice(deps, viewer, async (device, tx) => {
      const rows = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), inArray(messages.id, messageIds)));
      const opened = await openMessages(tx, device, rows, deps, viewer);
      return opened.filter(
        (m) => m.text !== null && m.attachments.length === 0 && m.deletedAt === null,
      );
    });
}
