import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/context.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { describeApiError } from '../../errors/api-error.js';
import { ProfileForm } from './ProfileForm.js';

export function ProfilePage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.profile.me.queryOptions());
  return (
    <Page title="Profile" description="How people see you on Parley.">
      {me.data ? (
        <ProfileForm me={me.data} />
      ) : me.isError ? (
        <Notice tone="error">{describeApiError(me.error).form}</Notice>
      ) : (
        <p role="status">Loading your profile…</p>
      )}
    </Page>
  );
}
