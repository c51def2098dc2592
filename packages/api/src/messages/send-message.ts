import type { Services } from '../context.js';
import type { Membership } from '../conversations/membership.js';
import { withContentKeys } from '../devices/hosted-content-keys.js';
import { attachMedia, withSafeNames } from '../media/attach-media.js';
import type { TAttachment } from '../media/attachment.js';
import { encodeContent, type TContent } from './message-content.js';
import { messageView, openMessages, type TMessage } from './message-view.js';
import { storeMessage } from './store-message.js';

type Deps = Pick<Services, 'db' | 'config' | 'logger' | 'contentKeys' | 'events'>;

/**
 * Seals the message once with the sender's hosted device under the current epoch key and stores it
 * with the next sequence number, linked to the media it carries. Idempotent: the same clientMessageId
 * returns the stored message.
 */
export async function sendMessage(
  deps: Deps,
  auth: { userId: string; sessionId: string },
  member: Membership,
  input: {
    clientMessageId: string;
    text: string;
    replyToId: string | null;
    mentions: string[];
    attachments: TAttachment[];
  },
): Promise<TMessage> {
  const { conversationId } = member;
  const attachments = withSafeNames(input.attachments);
  const content: TContent = {
    text: input.text,
    replyToId: input.replyToId,
    mentions: [...new Set(input.mentions)],
    attachments,
  };
  const sealedContent = encodeContent(content);
  return withContentKeys(deps, auth, (device, tx) =>
    storeMessage(
      tx,
      auth.userId,
      member,
      input,
      async (epoch) => ({
        sealed: await device.seal(sealedContent, {
          conversationId,
          epoch,
          clientMessageId: input.clientMessageId,
        }),
        senderDeviceId: device.address.deviceId,
      }),
      async (row, created) => {
        // A retry gives the stored message; a new one is what was just sealed, with nothing to open.
        if (!created) return (await openMessages(tx, device, [row], deps, auth))[0]!;
        await attachMedia(tx, auth.userId, row, attachments);
        const view = messageView(row, content, deps, auth);
        deps.events.offerSent(view);
        return view;
      },
    ),
  );
}
