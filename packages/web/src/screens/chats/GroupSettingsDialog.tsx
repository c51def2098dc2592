import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMyUserId } from '../../app/services-context.js';
import { describeApiError } from '../../errors/api-error.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { Notice } from '../../ui/Notice.js';
import { AddGroupMembers } from './AddGroupMembers.js';
import type { TConversation } from './conversation-title.js';
import {
  groupControls,
  memberControls,
  membersByRole,
  type TGroupMember,
} from './group-permissions.js';
import { GroupMemberRow } from './GroupMemberRow.js';
import { RenameGroupForm } from './RenameGroupForm.js';
import { useGroupMutations } from './useGroupMutations.js';
import styles from './GroupSettingsDialog.module.scss';

/** Removing someone and leaving are asked about first, in place of the settings. */
type TConfirm = { kind: 'remove'; member: TGroupMember } | { kind: 'leave' };

/** **Group settings**: members and roles; renaming, adding and removing for those allowed. */
export function GroupSettingsDialog({
  conversation,
  onClose,
}: {
  conversation: TConversation;
  onClose(): void;
}) {
  const myUserId = useMyUserId();
  const navigate = useNavigate();
  const mutations = useGroupMutations(conversation.id);
  const [confirm, setConfirm] = useState<TConfirm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controls = groupControls(conversation.myRole);
  const conversationId = conversation.id;
  const showError = (failure: unknown) => setError(describeApiError(failure).form);

  const confirmed = () => {
    setError(null);
    if (confirm?.kind === 'remove') {
      mutations.removeMember.mutate(
        { conversationId, userId: confirm.member.user.id },
        { onSuccess: () => setConfirm(null), onError: showError },
      );
    } else {
      mutations.leave.mutate(
        { conversationId },
        { onSuccess: () => void navigate('/', { replace: true }), onError: showError },
      );
    }
  };

  if (confirm) {
    const question =
      confirm.kind === 'remove'
        ? `Remove ${confirm.member.user.displayName} from ${conversation.title ?? 'the group'}?`
        : `Leave ${conversation.title ?? 'the group'}?`;
    return (
      <Dialog title="Group settings" onClose={onClose}>
        {error && <Notice tone="error">{error}</Notice>}
        <p>{question}</p>
        <div className={styles.buttons}>
          <Button
            onClick={() => {
              setError(null);
              setConfirm(null);
            }}
          >
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={mutations.removeMember.isPending || mutations.leave.isPending}
            onClick={confirmed}
          >
            {confirm.kind === 'remove' ? 'Remove' : 'Leave'}
          </Button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Group settings" onClose={onClose}>
      {controls.rename && (
        <RenameGroupForm
          conversationId={conversationId}
          title={conversation.title ?? ''}
          rename={mutations.rename}
        />
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <ul aria-label="Members" className={styles.members}>
        {membersByRole(conversation.members).map((member) => {
          const allowed = memberControls(conversation.myRole, myUserId, member);
          return (
            <GroupMemberRow
              key={member.user.id}
              member={member}
              isMe={member.user.id === myUserId}
              canRemove={allowed.remove}
              canSetRole={allowed.setRole}
              busy={
                mutations.setRole.isPending && mutations.setRole.variables.userId === member.user.id
              }
              onRemove={() => {
                setError(null);
                setConfirm({ kind: 'remove', member });
              }}
              onSetRole={(role) => {
                setError(null);
                mutations.setRole.mutate(
                  { conversationId, userId: member.user.id, role },
                  { onError: showError },
                );
              }}
            />
          );
        })}
      </ul>
      {controls.addMembers && (
        <AddGroupMembers
          conversationId={conversationId}
          members={conversation.members}
          addMembers={mutations.addMembers}
        />
      )}
      <div className={styles.buttons}>
        <Button
          variant="danger"
          onClick={() => {
            setError(null);
            setConfirm({ kind: 'leave' });
          }}
        >
          Leave group
        </Button>
      </div>
    </Dialog>
  );
}
