import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useAuthActions } from '../../app/services-context.js';
import { useFormErrors } from '../../errors/use-form-errors.js';
import { useTRPC } from '../../trpc/context.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import form from '../../ui/Form.module.scss';
import { Notice } from '../../ui/Notice.js';
import { Panel } from '../../ui/Page.js';
import { TextField } from '../../ui/TextField.js';
import styles from './DeleteAccountPanel.module.scss';

const FIELDS = ['password'] as const;

/** Deleting is confirmed in a modal dialog with the password, so it cannot happen by a slip. */
export function DeleteAccountPanel() {
  const trpc = useTRPC();
  const auth = useAuthActions();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const { errors, formRef, showApiError, showFieldErrors, clear } = useFormErrors(FIELDS);

  const remove = useMutation(
    trpc.auth.deleteAccount.mutationOptions({
      onSuccess: () => auth.signedOut('Your account was deleted.'),
      onError: showApiError,
    }),
  );

  const close = () => {
    setOpen(false);
    setPassword('');
    clear();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (showFieldErrors(password ? {} : { password: 'Enter your password to confirm.' })) return;
    remove.mutate({ password });
  };

  return (
    <Panel
      title="Delete account"
      description="Removes your profile, picture and sessions for good. This cannot be undone."
    >
      <div>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete account…
        </Button>
      </div>
      {open && (
        <Dialog title="Delete your account?" onClose={close}>
          <form ref={formRef} className={form.form} onSubmit={onSubmit} noValidate>
            <p className={styles.text}>
              Your profile, picture and sessions are removed for good. Enter your password to
              confirm.
            </p>
            <TextField
              label="Password"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              error={errors.fields.password}
              autoComplete="current-password"
            />
            {errors.form && <Notice tone="error">{errors.form}</Notice>}
            <div className={`${form.actions} ${styles.actions}`}>
              <Button onClick={close}>Cancel</Button>
              <Button type="submit" variant="danger" busy={remove.isPending}>
                Delete my account
              </Button>
            </div>
          </form>
        </Dialog>
      )}
    </Panel>
  );
}
