import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { describeApiError } from '../../errors/api-error.js';
import { useTRPC } from '../../trpc/context.js';
import { Dialog } from '../../ui/Dialog.js';
import { Notice } from '../../ui/Notice.js';
import { PeopleSearch } from './PeopleSearch.js';

/** Find a person by name or username and open the direct chat with them. */
export function NewChatDialog({ onClose }: { onClose(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const open = useMutation(
    trpc.conversations.openDirect.mutationOptions({
      onSuccess: (conversation) => {
        void queryClient.invalidateQueries(trpc.conversations.list.queryFilter());
        onClose();
        void navigate(`/chats/${conversation.id}`);
      },
    }),
  );

  return (
    <Dialog title="New chat" onClose={onClose}>
      {open.isError && <Notice tone="error">{describeApiError(open.error).form}</Notice>}
      <PeopleSearch
        onPick={(person) => open.mutate({ username: person.username })}
        busyUsername={open.isPending ? open.variables.username : null}
      />
    </Dialog>
  );
}
