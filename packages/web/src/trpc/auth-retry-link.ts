import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AuthSession } from '../auth/auth-session.js';
import { apiErrorCode } from '../errors/api-error.js';
import type { AppRouter } from './types.js';

/**
 * On UNAUTHORIZED, refreshes the access token once and repeats the call; a second UNAUTHORIZED
 * reaches the caller. The `auth.*` procedures are exempt: their UNAUTHORIZED means wrong
 * credentials or no refresh cookie, which a refresh cannot fix.
 */
export function authRetryLink(session: AuthSession): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let inner: { unsubscribe(): void } | null = null;
        let closed = false;
        const generation = session.generation;

        const attempt = (retried: boolean) => {
          inner = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              const retryable =
                !retried && !op.path.startsWith('auth.') && apiErrorCode(error) === 'UNAUTHORIZED';
              if (!retryable) return observer.error(error);
              void session.refreshAfter(generation).then((token) => {
                if (closed) return;
                if (token === null) observer.error(error);
                else attempt(true);
              });
            },
          });
        };
        attempt(false);

        return () => {
          closed = true;
          inner?.unsubscribe();
        };
      });
}
