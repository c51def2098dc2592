import { LIMITS, ZDisplayName, ZPassword, ZUsername } from '@parley/api/validation';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAuthActions } from '../../app/services-context.js';
import { useFormErrors } from '../../errors/use-form-errors.js';
import { validateFields } from '../../errors/validate.js';
import { useTRPC } from '../../trpc/context.js';
import { Button } from '../../ui/Button.js';
import form from '../../ui/Form.module.scss';
import { Notice } from '../../ui/Notice.js';
import { TextField } from '../../ui/TextField.js';
import { AuthLayout } from './AuthLayout.js';

const FIELDS = ['username', 'displayName', 'password'] as const;

export function RegisterPage() {
  const trpc = useTRPC();
  const auth = useAuthActions();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formRef, showApiError, showFieldErrors } = useFormErrors(FIELDS);

  const register = useMutation(
    trpc.auth.register.mutationOptions({
      onSuccess: (result) => auth.signedIn(result),
      onError: showApiError,
    }),
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = { username: username.trim(), displayName: displayName.trim(), password };
    const invalid = validateFields({
      username: { schema: ZUsername, value: input.username },
      displayName: { schema: ZDisplayName, value: input.displayName },
      password: { schema: ZPassword, value: input.password },
    });
    if (!input.displayName) invalid.displayName ??= 'Enter the name people will see.';
    if (showFieldErrors(invalid)) return;
    register.mutate(input);
  };

  return (
    <AuthLayout
      title="Create account"
      intro="Pick a username people can find you by, and a name they will see."
      footer={
        <>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </>
      }
    >
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <form ref={formRef} className={form.form} onSubmit={onSubmit} noValidate>
        <TextField
          label="Username"
          name="username"
          value={username}
          onChange={setUsername}
          error={errors.fields.username}
          hint={`${LIMITS.usernameMin}–${LIMITS.usernameMax} characters: a–z, 0–9, _ and .`}
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
        />
        <TextField
          label="Display name"
          name="displayName"
          value={displayName}
          onChange={setDisplayName}
          error={errors.fields.displayName}
          maxChars={LIMITS.displayNameMax}
          autoComplete="name"
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          hint={`At least ${LIMITS.passwordMin} characters.`}
          autoComplete="new-password"
          required
        />
        <div className={form.actions}>
          <Button type="submit" variant="primary" block busy={register.isPending}>
            Create account
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}
