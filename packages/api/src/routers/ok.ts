import { z } from 'zod';

/** The answer of a mutation whose only result is that it happened. */
export const ZOk = z.object({ ok: z.literal(true) });
export const ok = { ok: true as const };
