import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useAuthActions } from '../../app/services-context.js';
import { describeApiError } from '../../errors/api-error.js';
import { formatRelativeTime } from '../../format/relative-time.js';
import { useTRPC } from '../../trpc/context.js';
import type { TSession } from '../../trpc/types.js';
import { Button } from '../../ui/Button.js';
import { Notice } from '../../ui/Notice.js';
import { Panel } from '../../ui/Page.js';
import { describeUserAgent } from './describe-user-agent.js';
import styles from './SessionsPanel.module.scss';

/** Where the account is signed in: this device marked, the others revocable. */
export function SessionsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const auth = useAuthActions();
  const sessions = useQuery(trpc.sessions.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const onError = (reason: unknown) => setError(describeApiError(reason).form);

  const revoke = useMutation(
    trpc.sessions.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.sessions.list.queryFilter()),
      onError,
    }),
  );
  const signOutEverywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => auth.signedOut('You signed out on all devices.'),
      onError,
    }),
  );

  return (
    <Panel title="Sessions" description="Devices where your account is signed in.">
      {error && <Notice tone="error">{error}</Notice>}
      {sessions.isError && <Notice tone="error">{describeApiError(sessions.error).form}</Notice>}
      {sessions.isPending && <p role="status">Loading sessions…</p>}
      {sessions.data && (
        <ul className={styles.list} aria-label="Active sessions">
          {sessions.data.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              now={sessions.dataUpdatedAt}
              revoking={revoke.isPending && revoke.variables?.sessionId === session.id}
              onRevoke={() => {
                setError(null);
                revoke.mutate({ sessionId: session.id });
              }}
            />
          ))}
        </ul>
      )}
      <div className={styles.footer}>
        <p className={styles.footerText}>Lost a device? Sign out everywhere, this one included.</p>
        <Button
          variant="secondary"
          busy={signOutEverywhere.isPending}
          onClick={() => {
            setError(null);
            signOutEverywhere.mutate();
          }}
        >
          Sign out everywhere
        </Button>
      </div>
    </Panel>
  );
}

function SessionItem({
  session,
  now,
  revoking,
  onRevoke,
}: {
  session: TSession;
  /** When the list was fetched: times are relative to that, so rendering stays pure. */
  now: number;
  revoking: boolean;
  onRevoke(): void;
}) {
  const device = describeUserAgent(session.userAgent);
  const details = [
    `Active ${formatRelativeTime(session.lastUsedAt, now)}`,
    session.ip && `from ${session.ip}`,
    `signed in ${formatRelativeTime(session.createdAt, now)}`,
  ].filter(Boolean);

  return (
    <li className={styles.item} aria-current={session.current || undefined}>
      <div className={styles.info}>
        <p className={styles.device}>
          {device}
          {session.current && <span className={styles.badge}>This device</span>}
        </p>
        <p className={styles.details}>{details.join(' · ')}</p>
      </div>
      {!session.current && (
        <Button variant="ghost" busy={revoking} onClick={onRevoke}>
          Revoke<span className={styles.hidden}> {device}</span>
        </Button>
      )}
    </li>
  );
}
