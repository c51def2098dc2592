import { useParams } from 'react-router';
import { ConversationView } from './ConversationView.js';

/** Route `/chats/:conversationId`: a fresh view (state, draft, scroll) per conversation. */
export function ConversationScreen() {
  const { conversationId = '' } = useParams();
  return <ConversationView key={conversationId} conversationId={conversationId} />;
}
