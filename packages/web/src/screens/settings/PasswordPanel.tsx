import { LIMITS, ZPassword } from '@parley/api/validation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useFormErrors } from '../../errors/use-form-errors.js';
import { validateFields } from '../../errors/validate.js';
import { useTRPC } from '../../trpc/context.js';
import { Button } from '../../ui/Button.js';
import form from '../../ui/Form.module.scss';
import { Notice, StatusNotice } from '../../ui/Notice.js';
import { Panel } from '../../ui/Page.js';
import { TextField } from '../../ui/TextField.js';

const FIELDS = ['currentPassword', 'newPassword'] as const;

export function PasswordPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState(false);
  const { errors, formRef, showApiError, showFieldErrors } = useFormErrors(FIELDS);

  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrentPassword('');
        setNewPassword('');
        setDone(true);
        // The API signed the other sessions out.
        void queryClient.invalidateQueries(trpc.sessions.list.queryFilter());
      },
      onError: showApiError,
    }),
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const invalid = validateFields({ newPassword: { schema: ZPassword, value: newPassword } });
    if (!currentPassword) invalid.currentPassword = 'Enter your current password.';
    if (showFieldErrors(invalid)) return;
    change.mutate({ currentPassword, newPassword });
  };

  return (
    <Panel title="Password" description="Changing it signs out your other devices.">
      <form ref={formRef} className={form.form} onSubmit={onSubmit} noValidate>
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errors.fields.currentPassword}
          autoComplete="current-password"
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          value={newPassword}
          onChange={setNewPassword}
          error={errors.fields.newPassword}
          hint={`At least ${LIMITS.passwordMin} characters.`}
          autoComplete="new-password"
        />
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        <StatusNotice
          message={done ? 'Password changed. Your other devices were signed out.' : null}
        />
        <div className={form.actions}>
          <Button type="submit" busy={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Panel>
  );
}
