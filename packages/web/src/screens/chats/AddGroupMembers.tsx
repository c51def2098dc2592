import { useState } from 'react';
import { describeApiError } from '../../errors/api-error.js';
import { Notice } from '../../ui/Notice.js';
import type { TGroupMember } from './group-permissions.js';
import { PeopleSearch } from './PeopleSearch.js';
import type { GroupMutations } from './useGroupMutations.js';

/** **Search people**: picking someone adds them to the group at once. */
export function AddGroupMembers({
  conversationId,
  members,
  addMembers,
}: {
  conversationId: string;
  members: readonly TGroupMember[];
  addMembers: GroupMutations['addMembers'];
}) {
  const [error, setError] = useState<string | null>(null);
  const adding = addMembers.isPending ? (addMembers.variables.usernames[0] ?? null) : null;
  return (
    <>
      {error && <Notice tone="error">{error}</Notice>}
      <PeopleSearch
        autoFocus={false}
        busyUsername={adding}
        exclude={members.map((member) => member.user.username)}
        onPick={(person) => {
          setError(null);
          addMembers.mutate(
            { conversationId, usernames: [person.username] },
            { onError: (failure) => setError(describeApiError(failure).form) },
          );
        }}
      />
    </>
  );
}
