import { TRPCClientError } from '@trpc/client';

/** What a form shows for a failed call: messages next to its fields, and one for the whole form. */
export interface ErrorView {
  fields: Record<string, string>;
  form: string | null;
  /** Set when rate limited: seconds until another try is allowed. */
  retryAfterSeconds: number | null;
}

interface ErrorData {
  code?: unknown;
  httpStatus?: unknown;
  fieldErrors?: unknown;
  field?: unknown;
  retryAfterSeconds?: unknown;
}

export const OFFLINE_MESSAGE = "Can't reach Parley. Check your connection and try again.";
const SERVER_MESSAGE = 'Something went wrong on our side. Please try again.';

function errorData(error: unknown): ErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null ? (data as ErrorData) : null;
}

/** The tRPC error code (`UNAUTHORIZED`, `CONFLICT`, …), or null for network and non-API errors. */
export function apiErrorCode(error: unknown): string | null {
  const code = errorData(error)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Maps an API error onto a form. Messages for `knownFields` go next to those fields (from
 * `data.fieldErrors` for input errors, `data.field` for domain errors such as a taken username);
 * anything the form cannot place goes to the form-level message.
 */
export function describeApiError(error: unknown, knownFields: readonly string[] = []): ErrorView {
  const data = errorData(error);
  if (!data) return { fields: {}, form: OFFLINE_MESSAGE, retryAfterSeconds: null };

  const message = error instanceof Error && error.message ? error.message : SERVER_MESSAGE;
  if (data.code === 'TOO_MANY_REQUESTS') {
    const seconds = typeof data.retryAfterSeconds === 'number' ? data.retryAfterSeconds : null;
    return { fields: {}, form: rateLimitMessage(seconds), retryAfterSeconds: seconds };
  }
  if (data.code === 'INTERNAL_SERVER_ERROR') {
    return { fields: {}, form: SERVER_MESSAGE, retryAfterSeconds: null };
  }

  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  const place = (field: string, text: string) => {
    if (knownFields.includes(field)) fields[field] ??= text;
    else unplaced.push(text);
  };
  const fieldErrors =
    typeof data.fieldErrors === 'object' && data.fieldErrors !== null ? data.fieldErrors : {};
  for (const [field, texts] of Object.entries(fieldErrors)) {
    const first: unknown = Array.isArray(texts) ? texts[0] : undefined;
    if (typeof first === 'string') place(field, first);
  }
  // A domain error about one field (e.g. a taken username) may come without fieldErrors.
  if (typeof data.field === 'string' && !(data.field in fieldErrors)) place(data.field, message);

  const placedAny = Object.keys(fields).length > 0;
  const form = unplaced.length > 0 ? unplaced.join(' ') : placedAny ? null : message;
  return { fields, form, retryAfterSeconds: null };
}

export function rateLimitMessage(retryAfterSeconds: number | null): string {
  if (retryAfterSeconds === null || retryAfterSeconds <= 0) {
    return 'Too many attempts. Please wait a moment and try again.';
  }
  return `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`;
}

/** "45 seconds", "2 minutes", "1 hour": rounded up so the wait is never shorter than said. */
export function formatWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(Math.ceil(seconds), 'second');
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}
