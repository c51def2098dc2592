import { useQuery } from '@tanstack/react-query';
import { describeApiError } from '../../errors/api-error.js';
import { useTRPC } from '../../trpc/context.js';
import { Dialog } from '../../ui/Dialog.js';
import { Notice } from '../../ui/Notice.js';
import type { TPublicUser } from './conversation-title.js';
import { safetyNumberGroups } from './safety-number-groups.js';
import styles from './SafetyNumberDialog.module.scss';

/** **Verify safety number**: the 60 digits both people should see alike, in 12 groups of 5. */
export function SafetyNumberDialog({ peer, onClose }: { peer: TPublicUser; onClose(): void }) {
  const trpc = useTRPC();
  const number = useQuery(trpc.users.safetyNumber.queryOptions({ userId: peer.id }));
  return (
    <Dialog title="Verify safety number" onClose={onClose}>
      <p>
        Compare these numbers with {peer.displayName} in person or on a call. If they match, your
        conversation is end-to-end encrypted with the right person.
      </p>
      {number.isError && <Notice tone="error">{describeApiError(number.error).form}</Notice>}
      {number.isPending && <p>Loading safety number…</p>}
      {number.data && (
        // Groups are separated by spaces so a copied number reads as it is shown.
        <ol aria-label="Safety number" className={styles.digits}>
          {safetyNumberGroups(number.data.displayable).map((group, index) => (
            <li key={index}>{group} </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
