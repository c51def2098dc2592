import type { TAttachment, TAttachmentView, TFileRef } from './attachment.js';
import { mintTicket } from './media-ticket.js';

/** Who is looking: tickets are bound to this user and login session. */
export interface Viewer {
  userId: string;
  sessionId: string;
}

/**
 * A message's attachments as one session sees them: everything but the keys, which go into a ticket
 * per object instead, so the URLs work for this session only and only while it lasts.
 */
export function attachmentViews(
  attachments: TAttachment[],
  masterKey: Buffer,
  viewer: Viewer,
): TAttachmentView[] {
  return attachments.map((a) => {
    const urlOf = (ref: TFileRef) => {
      const ticket = mintTicket(masterKey, {
        mediaId: ref.mediaId,
        userId: viewer.userId,
        sessionId: viewer.sessionId,
        key: Buffer.from(ref.key, 'base64url'),
        size: ref.size,
        mediaType: ref.mediaType,
        name: a.name,
      });
      return `/media/${ref.mediaId}?t=${ticket}`;
    };
    return {
      id: a.mediaId,
      kind: a.kind,
      name: a.name,
      mediaType: a.mediaType,
      size: a.size,
      width: a.width,
      height: a.height,
      durationMs: a.durationMs,
      waveform: a.waveform,
      placeholder: a.placeholder,
      url: urlOf(a),
      thumbnailUrl: a.thumbnail && urlOf(a.thumbnail),
      renditionUrl: a.rendition && urlOf(a.rendition),
      renditionType: a.rendition?.mediaType,
    };
  });
}
