import { ZGroupTitle } from '@parley/api/validation';
import { useState, type FormEvent } from 'react';
import { useFormErrors } from '../../errors/use-form-errors.js';
import { validateFields } from '../../errors/validate.js';
import { Button } from '../../ui/Button.js';
import formStyles from '../../ui/Form.module.scss';
import { Notice, StatusNotice } from '../../ui/Notice.js';
import { TextField } from '../../ui/TextField.js';
import type { GroupMutations } from './useGroupMutations.js';

const FIELDS = ['title'] as const;

/** The field **Group name** and **Save**, for the owner and admins. */
export function RenameGroupForm({
  conversationId,
  title: current,
  rename,
}: {
  conversationId: string;
  title: string;
  rename: GroupMutations['rename'];
}) {
  const [title, setTitle] = useState(current);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, formRef, showApiError, showFieldErrors } = useFormErrors(FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (showFieldErrors(validateFields({ title: { schema: ZGroupTitle, value: title } }))) return;
    rename.mutate(
      { conversationId, title },
      { onSuccess: () => setSaved('Group name saved.'), onError: showApiError },
    );
  };
  return (
    <form ref={formRef} className={formStyles.form} onSubmit={submit} noValidate>
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <TextField label="Group name" value={title} onChange={setTitle} error={errors.fields.title} />
      <div className={formStyles.actions}>
        <Button type="submit" variant="primary" busy={rename.isPending}>
          Save
        </Button>
      </div>
      <StatusNotice message={saved} />
    </form>
  );
}
