import { formatDuration } from '../voice/format-duration.js';
import type { TAttachmentView } from './attachment-types.js';

type Summarised = Pick<TAttachmentView, 'kind' | 'name' | 'durationMs'>;

const plural = (count: number, one: string, many: string) =>
  count === 1 ? one : `${count} ${many}`;

/**
 * What a message without text carries, in a few words, for the chat list and reply quotes:
 * "Photo", "3 photos", "Video", "notes.pdf", "Voice message (0:07)", "4 attachments".
 */
export function attachmentSummary(attachments: readonly Summarised[]): string | null {
  const [first] = attachments;
  if (!first) return null;
  const count = attachments.length;
  if (attachments.some((a) => a.kind !== first.kind)) return `${count} attachments`;
  switch (first.kind) {
    case 'image':
      return plural(count, 'Photo', 'photos');
    case 'video':
      return plural(count, 'Video', 'videos');
    case 'file':
      return plural(count, first.name, 'files');
    case 'voice':
      return first.durationMs === undefined
        ? 'Voice message'
        : `Voice message (${formatDuration(first.durationMs)})`;
  }
}

/** A message's text, or for one that has none (attachments only) what it carries. */
export function textOrAttachments(message: {
  text: string | null;
  attachments: readonly Summarised[];
}): string | null {
  if (message.text?.trim()) return message.text;
  return attachmentSummary(message.attachments) ?? message.text;
}
