import type { ZodType } from 'zod';

/**
 * Checks fields with the API's own schemas (`@parley/api/validation`) before sending, so a person
 * sees the same message the server would give, without the round trip. First issue per field.
 */
export function validateFields(
  checks: Record<string, { schema: ZodType; value: unknown }>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, { schema, value }] of Object.entries(checks)) {
    const result = schema.safeParse(value);
    const message = result.success ? undefined : result.error.issues[0]?.message;
    if (message) errors[field] = message;
  }
  return errors;
}
