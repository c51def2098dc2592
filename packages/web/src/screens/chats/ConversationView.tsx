import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { useMyUserId } from '../../app/services-context.js';
import { apiErrorCode, describeApiError } from '../../errors/api-error.js';
import { useTRPC } from '../../trpc/context.js';
import { Notice } from '../../ui/Notice.js';
import { Composer, type ReplyQuote } from './Composer.js';
import { ConversationHeader } from './ConversationHeader.js';
import { peerOf, senderName, titleOf, type TMessage } from './conversation-title.js';
import { textOrAttachments } from './media/attachment-summary.js';
import { FileDrop } from './media/FileDrop.js';
import { mentionable } from './mentions/mention-query.js';
import { useAttachmentDraft } from './media/useAttachmentDraft.js';
import { MessageList } from './MessageList.js';
import { TypingIndicator } from './TypingIndicator.js';
import { useConversationMessages } from './useConversationMessages.js';
import { useMarkRead } from './useMarkRead.js';
import { useMessageChanges } from './useMessageChanges.js';
import { useMessageSender } from './useMessageSender.js';
import { useTypingNotifier } from './useTypingNotifier.js';
import styles from './ConversationView.module.scss';

export function ConversationView({ conversationId }: { conversationId: string }) {
  const trpc = useTRPC();
  const myUserId = useMyUserId();
  const conversation = useQuery(trpc.conversations.get.queryOptions({ conversationId }));
  const history = useConversationMessages(conversationId);
  const sender = useMessageSender(conversationId);
  const changes = useMessageChanges(conversationId);
  const onTyping = useTypingNotifier(conversationId);
  const attachments = useAttachmentDraft(conversationId);
  const [replyTo, setReplyTo] = useState<ReplyQuote | null>(null);
  const lastSeq = history.messages.at(-1)?.seq ?? 0;
  const me = conversation.data?.members.find((member) => member.user.id === myUserId);
  useMarkRead(conversationId, conversation.data ? lastSeq : 0, me?.lastReadSeq ?? 0);

  if (conversation.isError) {
    const missing = apiErrorCode(conversation.error) === 'NOT_FOUND';
    // It was open and is gone: the person left or was removed (`conversation.removed`).
    if (missing && conversation.data) return <Navigate to="/" replace />;
    return (
      <div className={styles.problem}>
        <Notice tone="error">
          {missing
            ? 'This conversation does not exist, or you are not in it.'
            : describeApiError(conversation.error).form}
        </Notice>
      </div>
    );
  }
  if (!conversation.data) return <p className={styles.problem}>Loading conversation…</p>;

  const peer = peerOf(conversation.data, myUserId);
  const title = titleOf(conversation.data, peer);
  const reply = (message: TMessage) =>
    setReplyTo({
      id: message.id,
      senderName: senderName(conversation.data, message.senderId, myUserId),
      text: textOrAttachments(message) ?? 'Message',
    });
  return (
    <section className={styles.conversation} aria-label={`Conversation with ${title}`}>
      <title>{`${title} · Parley`}</title>
      <FileDrop onFiles={attachments.add} />
      <ConversationHeader conversation={conversation.data} peer={peer} title={title} />
      <MessageList
        conversation={conversation.data}
        myUserId={myUserId}
        history={history}
        pending={sender.pending}
        changes={changes}
        onReply={reply}
        onRetry={sender.retry}
      />
      <TypingIndicator conversation={conversation.data} myUserId={myUserId} />
      <Composer
        conversationId={conversationId}
        replyTo={replyTo}
        onCancelReply={() => setReplyTo(null)}
        onTyping={onTyping}
        attachments={attachments}
        mentionable={mentionable(conversation.data, myUserId)}
        onSend={(text, files, mentions) => {
          sender.send(text, replyTo?.id ?? null, files, mentions);
          setReplyTo(null);
        }}
      />
    </section>
  );
}
