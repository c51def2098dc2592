import { expect } from 'vitest';

import { AppError } from '../errors.js';

/** The AppError a promise must reject with, checked to be about the given input field. */
export async function appErrorOf(promise: Promise<unknown>, field: string): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).field).toBe(field);
  return error as AppError;
}
