import type { QueryClient } from '@tanstack/react-query';
import type { TMessage } from '../conversation-title.js';
import type { TAttachmentView } from '../media/attachment-types.js';
import { replaceMessage, type MessagePages } from '../message-pages.js';
import { messagesQueryKey } from '../messages-query-key.js';
import { inSeqOrder } from '../useConversationMessages.js';
import { isUnplayedVoice, nextUnplayedVoice } from './next-unplayed.js';
import type { VoiceTrack } from './voice-playback.js';
import { playableSource } from './voice-source.js';

export interface TrackContext {
  queryClient: QueryClient;
  myUserId: string;
  /** `messages.markPlayed`. */
  markPlayed(input: { conversationId: string; messageId: string }): Promise<unknown>;
  canPlayType(mediaType: string): CanPlayTypeResult;
}

/** The conversation's cached messages in order: they know what was played since `message` rendered. */
function cached(ctx: TrackContext, message: TMessage): TMessage[] {
  const data = ctx.queryClient.getQueryData<MessagePages>(messagesQueryKey(message.conversationId));
  return inSeqOrder(data?.pages ?? []);
}

/** Played from here: shown at once, told to the API (one per listener), undone if it refuses. */
function markPlayed(ctx: TrackContext, message: TMessage): void {
  const latest = cached(ctx, message).find((m) => m.id === message.id) ?? message;
  if (!isUnplayedVoice(latest, ctx.myUserId)) return;
  replaceMessage(ctx.queryClient, { ...latest, playedAt: new Date().toISOString() });
  ctx
    .markPlayed({ conversationId: message.conversationId, messageId: message.id })
    .catch(() => replaceMessage(ctx.queryClient, latest));
}

/**
 * A voice attachment as a track of the app's player. When it ends, the next unplayed voice message
 * is looked up in the cache as it is then (it may have arrived while this one played).
 */
export function voiceMessageTrack(
  ctx: TrackContext,
  message: TMessage,
  attachment: TAttachmentView,
): VoiceTrack {
  return {
    key: `${message.id}/${attachment.id}`,
    src: playableSource(attachment, ctx.canPlayType),
    durationMs: attachment.durationMs ?? 0,
    onStart: () => markPlayed(ctx, message),
    next() {
      const next = nextUnplayedVoice(cached(ctx, message), message.id, ctx.myUserId);
      const voice = next?.attachments.find((a) => a.kind === 'voice');
      return next && voice ? voiceMessageTrack(ctx, next, voice) : null;
    },
  };
}
