import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useMyUserId } from '../../../app/services-context.js';
import type { AppClient } from '../../../trpc/client.js';
import { useTRPCClient } from '../../../trpc/context.js';
import type { TMessage } from '../conversation-title.js';
import type { TAttachmentView } from '../media/attachment-types.js';
import { replaceMessage, type MessagePages } from '../message-pages.js';
import { messagesQueryKey } from '../messages-query-key.js';
import { inSeqOrder } from '../useConversationMessages.js';
import { canPlayType } from './app-voice-playback.js';
import { isUnplayedVoice, nextUnplayedVoice } from './next-unplayed.js';
import type { VoiceTrack } from './voice-playback.js';
import { playableSource } from './voice-source.js';

interface TrackContext {
  queryClient: QueryClient;
  client: AppClient;
  myUserId: string;
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
  ctx.client.messages.markPlayed
    .mutate({ conversationId: message.conversationId, messageId: message.id })
    .catch(() => replaceMessage(ctx.queryClient, latest));
}

function voiceTrack(ctx: TrackContext, message: TMessage, attachment: TAttachmentView): VoiceTrack {
  return {
    key: `${message.id}/${attachment.id}`,
    src: playableSource(attachment, canPlayType),
    durationMs: attachment.durationMs ?? 0,
    onStart: () => markPlayed(ctx, message),
    next() {
      const next = nextUnplayedVoice(cached(ctx, message), message.id, ctx.myUserId);
      const voice = next?.attachments.find((a) => a.kind === 'voice');
      return next && voice ? voiceTrack(ctx, next, voice) : null;
    },
  };
}

/** A voice attachment as a track of the app's player, which goes on to the next unplayed one. */
export function useVoiceMessageTrack(message: TMessage, attachment: TAttachmentView): VoiceTrack {
  const queryClient = useQueryClient();
  const client = useTRPCClient();
  const myUserId = useMyUserId();
  return useMemo(
    () => voiceTrack({ queryClient, client, myUserId }, message, attachment),
    [queryClient, client, myUserId, message, attachment],
  );
}
