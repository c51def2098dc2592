// What a message says about its files. Pure zod, no Node imports: the web bundle may include it.
import { z } from 'zod';
import { LIMITS } from '../shared/validation.js';
import { MEDIA_KINDS } from './media-kind.js';

const ZBase64Url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Must be 32 bytes in base64url');
const ZMediaType = z
  .string()
  .max(127)
  .regex(/^[a-z0-9][\w.+-]*\/[\w.+-]+$/i, 'Not a media type');
const ZDimension = z.number().int().min(1).max(100_000);
export const ZMediaKind = z.enum(MEDIA_KINDS);

/** One stored object: where it is (mediaId), how to open it (key) and what it must be (digest). */
export const ZFileRef = z.object({
  mediaId: z.uuid('Not a media id'),
  key: ZBase64Url32,
  digest: ZBase64Url32,
  size: z.number().int().min(0),
  mediaType: ZMediaType,
});

/**
 * One item of a message, sealed inside its content: the keys travel only there. Names, types and
 * captions are shown as text only.
 */
export const ZAttachment = ZFileRef.extend({
  kind: ZMediaKind,
  name: z.string().min(1).max(LIMITS.fileNameMax),
  width: ZDimension.optional(),
  height: ZDimension.optional(),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600 * 1000)
    .optional(),
  waveform: z.array(z.number().int().min(0).max(255)).max(256).optional(),
  placeholder: z
    .string()
    .max(2048)
    .regex(/^data:image\/webp;base64,[A-Za-z0-9+/=]+$/, 'Must be a WebP data URL')
    .optional(),
  thumbnail: ZFileRef.extend({ width: ZDimension, height: ZDimension }).optional(),
  rendition: ZFileRef.optional(),
});

export const ZAttachments = z
  .array(ZAttachment)
  .max(LIMITS.attachmentsMax, `A message can carry at most ${LIMITS.attachmentsMax} items`);

/** What a reader gets: no keys, but URLs whose tickets let this session download and decrypt. */
export const ZAttachmentView = z.object({
  id: z.string(),
  kind: ZMediaKind,
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  width: z.number().optional(),
  height: z.number().optional(),
  durationMs: z.number().optional(),
  waveform: z.array(z.number()).optional(),
  placeholder: z.string().optional(),
  url: z.string(),
  thumbnailUrl: z.string().optional(),
  renditionUrl: z.string().optional(),
  renditionType: z.string().optional(),
});

export type TFileRef = z.infer<typeof ZFileRef>;
export type TAttachment = z.infer<typeof ZAttachment>;
export type TAttachmentView = z.infer<typeof ZAttachmentView>;

/** Every stored object an attachment refers to: the main file, its thumbnail and rendition. */
export function fileRefsOf(attachment: TAttachment): TFileRef[] {
  return [attachment, attachment.thumbnail, attachment.rendition].filter(
    (ref): ref is TFileRef => ref !== undefined,
  );
}
