import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { describeApiError, type ErrorView } from './api-error.js';

const NONE: ErrorView = { fields: {}, form: null, retryAfterSeconds: null };

/**
 * Error state of one form. After errors are shown, focus moves to the first invalid field, so a
 * keyboard or screen-reader user lands on what needs fixing.
 */
export function useFormErrors(fields: readonly string[]): {
  errors: ErrorView;
  formRef: RefObject<HTMLFormElement | null>;
  showApiError(error: unknown): void;
  showFieldErrors(fieldErrors: Record<string, string>): boolean;
  clear(): void;
} {
  const [errors, setErrors] = useState<ErrorView>(NONE);
  const formRef = useRef<HTMLFormElement | null>(null);
  const fieldsRef = useRef(fields);

  useEffect(() => {
    if (Object.keys(errors.fields).length === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const showApiError = useCallback((error: unknown) => {
    setErrors(describeApiError(error, fieldsRef.current));
  }, []);

  /** Shows client-side check results; returns whether there were any. */
  const showFieldErrors = useCallback((fieldErrors: Record<string, string>) => {
    const any = Object.keys(fieldErrors).length > 0;
    setErrors(any ? { fields: fieldErrors, form: null, retryAfterSeconds: null } : NONE);
    return any;
  }, []);

  const clear = useCallback(() => setErrors(NONE), []);

  return { errors, formRef, showApiError, showFieldErrors, clear };
}
