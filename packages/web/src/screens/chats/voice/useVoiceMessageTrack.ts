import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useMyUserId } from '../../../app/services-context.js';
import { useTRPCClient } from '../../../trpc/context.js';
import type { TMessage } from '../conversation-title.js';
import type { TAttachmentView } from '../media/attachment-types.js';
import { canPlayType } from './app-voice-playback.js';
import type { VoiceTrack } from './voice-playback.js';
import { voiceMessageTrack } from './voice-message-track.js';

/** A voice attachment as a track of the app's player, which goes on to the next unplayed one. */
export function useVoiceMessageTrack(message: TMessage, attachment: TAttachmentView): VoiceTrack {
  const queryClient = useQueryClient();
  const client = useTRPCClient();
  const myUserId = useMyUserId();
  return useMemo(() => {
    const markPlayed = (input: { conversationId: string; messageId: string }) =>
      client.messages.markPlayed.mutate(input);
    return voiceMessageTrack(
      { queryClient, myUserId, markPlayed, canPlayType },
      message,
      attachment,
    );
  }, [queryClient, client, myUserId, message, attachment]);
}
