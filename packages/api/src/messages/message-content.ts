import { z } from 'zod';
import { ZAttachments } from '../media/attachment.js';

/** What is sealed inside a message: everything about its content that the server must not read. */
const ZContent = z.object({
  v: z.literal(1),
  text: z.string(),
  replyToId: z.string().nullable(),
  /** Mentioned members' user ids; absent in messages sealed before mentions existed. */
  mentions: z.array(z.string()).default([]),
  /** Files with their keys; absent in messages sealed before attachments existed. */
  attachments: ZAttachments.default([]),
});

export type TContent = Omit<z.infer<typeof ZContent>, 'v'>;

export function encodeContent(content: TContent): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ v: 1, ...content }));
}

export function decodeContent(bytes: Uint8Array): TContent {
  const { v: _version, ...content } = ZContent.parse(JSON.parse(new TextDecoder().decode(bytes)));
  return content;
}
