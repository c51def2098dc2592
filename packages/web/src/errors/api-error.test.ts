import { describe, expect, test } from 'vitest';
import { apiError } from '../test/api-errors.js';
import { apiErrorCode, describeApiError, formatWait, OFFLINE_MESSAGE } from './api-error.js';

describe('describeApiError', () => {
  test('puts input errors next to the fields the form has', () => {
    const error = apiError('Invalid input: username: Username must be at least 3 characters', {
      code: 'BAD_REQUEST',
      fieldErrors: {
        username: ['Username must be at least 3 characters'],
        displayName: ['Display name cannot be empty', 'second message'],
      },
      field: 'username',
    });
    expect(describeApiError(error, ['username', 'displayName'])).toEqual({
      fields: {
        username: 'Username must be at least 3 characters',
        displayName: 'Display name cannot be empty',
      },
      form: null,
      retryAfterSeconds: null,
    });
  });

  test('places a domain error about one field, such as a taken username', () => {
    const error = apiError('That username is taken', { code: 'CONFLICT', field: 'username' });
    const view = describeApiError(error, ['username', 'status']);
    expect(view.fields).toEqual({ username: 'That username is taken' });
    expect(view.form).toBeNull();
  });

  test('shows what the form cannot place as a form message', () => {
    const error = apiError('Invalid input', {
      code: 'BAD_REQUEST',
      fieldErrors: { input: ['Expected an object'] },
    });
    expect(describeApiError(error, ['username'])).toMatchObject({
      fields: {},
      form: 'Expected an object',
    });
  });

  test('says when to try again after too many attempts', () => {
    const error = apiError('Too many sign-in attempts', {
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      retryAfterSeconds: 125,
    });
    expect(describeApiError(error, ['username'])).toEqual({
      fields: {},
      form: 'Too many attempts. Try again in 3 minutes.',
      retryAfterSeconds: 125,
    });
  });

  test('uses the API message for other errors, a fixed one for server faults', () => {
    const wrong = apiError('Invalid username or password', { code: 'UNAUTHORIZED' });
    expect(describeApiError(wrong).form).toBe('Invalid username or password');
    const fault = apiError('stack trace here', { code: 'INTERNAL_SERVER_ERROR' });
    expect(describeApiError(fault).form).toBe(
      'Something went wrong on our side. Please try again.',
    );
  });

  test('tells a network failure apart from an API answer', () => {
    const offline = new TypeError('Failed to fetch');
    expect(describeApiError(offline).form).toBe(OFFLINE_MESSAGE);
    expect(apiErrorCode(offline)).toBeNull();
    expect(apiErrorCode(apiError('x', { code: 'NOT_FOUND' }))).toBe('NOT_FOUND');
  });
});

describe('formatWait', () => {
  test('rounds up to the unit a person reads', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(7200)).toBe('2 hours');
  });
});
