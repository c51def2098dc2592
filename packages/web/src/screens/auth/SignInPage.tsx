import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAuthActions, useAuthState } from '../../app/services-context.js';
import { useFormErrors } from '../../errors/use-form-errors.js';
import { useTRPC } from '../../trpc/context.js';
import { Button } from '../../ui/Button.js';
import form from '../../ui/Form.module.scss';
import { Notice } from '../../ui/Notice.js';
import { TextField } from '../../ui/TextField.js';
import { AuthLayout } from './AuthLayout.js';

const FIELDS = ['username', 'password'] as const;

export function SignInPage() {
  const trpc = useTRPC();
  const auth = useAuthActions();
  const state = useAuthState();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formRef, showApiError, showFieldErrors } = useFormErrors(FIELDS);

  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (result) => auth.signedIn(result),
      onError: (error) => {
        showApiError(error);
        setPassword('');
      },
    }),
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!username.trim()) missing.username = 'Enter your username.';
    if (!password) missing.password = 'Enter your password.';
    if (showFieldErrors(missing)) return;
    signIn.mutate({ username: username.trim(), password });
  };

  const notice = state.status === 'signedOut' ? state.notice : null;

  return (
    <AuthLayout
      title="Sign in"
      intro="Welcome back. Sign in to pick up your conversations."
      footer={
        <>
          New to Parley? <Link to="/register">Create an account</Link>
        </>
      }
    >
      {notice && !signIn.isError && <Notice tone="info">{notice}</Notice>}
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <form ref={formRef} className={form.form} onSubmit={onSubmit} noValidate>
        <TextField
          label="Username"
          name="username"
          value={username}
          onChange={setUsername}
          error={errors.fields.username}
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          autoComplete="current-password"
          required
        />
        <div className={form.actions}>
          <Button type="submit" variant="primary" block busy={signIn.isPending}>
            Sign in
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}
