import { TRPCClientError } from '@trpc/client';

/** A client error shaped as the API's error formatter sends it (see packages/api/src/trpc.ts). */
export function apiError(
  message: string,
  data: { code: string; httpStatus?: number } & Record<string, unknown>,
): TRPCClientError<never> {
  return TRPCClientError.from({ error: { code: -32000, message, data } });
}
