import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/context.js';

/**
 * The `groups.*` changes of one group. Each refetches the group and the chat list when done, so
 * this tab does not wait for the `conversation.updated` event to show its own change.
 */
export function useGroupMutations(conversationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.conversations.get.queryFilter({ conversationId })),
      queryClient.invalidateQueries(trpc.conversations.list.queryFilter()),
    ]);
  return {
    rename: useMutation(trpc.groups.rename.mutationOptions({ onSuccess })),
    addMembers: useMutation(trpc.groups.addMembers.mutationOptions({ onSuccess })),
    removeMember: useMutation(trpc.groups.removeMember.mutationOptions({ onSuccess })),
    setRole: useMutation(trpc.groups.setRole.mutationOptions({ onSuccess })),
    leave: useMutation(
      trpc.groups.leave.mutationOptions({
        onSuccess: () => queryClient.invalidateQueries(trpc.conversations.list.queryFilter()),
      }),
    ),
  };
}

export type GroupMutations = ReturnType<typeof useGroupMutations>;
