import { ZGroupTitle } from '@parley/api/validation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useFormErrors } from '../../errors/use-form-errors.js';
import { validateFields } from '../../errors/validate.js';
import { useTRPC } from '../../trpc/context.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import formStyles from '../../ui/Form.module.scss';
import { Notice } from '../../ui/Notice.js';
import { TextField } from '../../ui/TextField.js';
import type { TPublicUser } from './conversation-title.js';
import { PeopleSearch } from './PeopleSearch.js';
import styles from './NewGroupDialog.module.scss';

const FIELDS = ['title', 'usernames'] as const;

/** A group: its name and the people in it (the creator is its owner). */
export function NewGroupDialog({ onClose }: { onClose(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [people, setPeople] = useState<TPublicUser[]>([]);
  const { errors, formRef, showApiError, showFieldErrors } = useFormErrors(FIELDS);
  const create = useMutation(
    trpc.conversations.createGroup.mutationOptions({
      onSuccess: (conversation) => {
        void queryClient.invalidateQueries(trpc.conversations.list.queryFilter());
        onClose();
        void navigate(`/chats/${conversation.id}`);
      },
      onError: showApiError,
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (showFieldErrors(validateFields({ title: { schema: ZGroupTitle, value: title } }))) return;
    create.mutate({ title, usernames: people.map((person) => person.username) });
  };

  return (
    <Dialog title="New group" onClose={onClose}>
      <form ref={formRef} className={formStyles.form} onSubmit={submit} noValidate>
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        <TextField
          label="Group name"
          value={title}
          onChange={setTitle}
          error={errors.fields.title}
        />
        {people.length > 0 && (
          <ul aria-label="Members to add" className={styles.chosen}>
            {people.map((person) => (
              <li key={person.id} className={styles.chip}>
                <span>{person.displayName}</span>
                <button
                  type="button"
                  className={styles.remove}
                  aria-label={`Remove ${person.displayName}`}
                  onClick={() => setPeople((list) => list.filter((p) => p.id !== person.id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {errors.fields.usernames && <Notice tone="error">{errors.fields.usernames}</Notice>}
        <PeopleSearch
          onPick={(person) => setPeople((list) => [...list, person])}
          exclude={people.map((person) => person.username)}
        />
        <div className={formStyles.actions}>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create group
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
