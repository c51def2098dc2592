import { render, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { TextField } from './TextField.js';

describe('TextField', () => {
  test('is named by its label and described by its hint', () => {
    render(
      <TextField label="Username" value="" onChange={() => undefined} hint="3–32 characters" />,
    );
    const input = screen.getByRole('textbox', { name: 'Username', description: '3–32 characters' });
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  test('an error marks the field invalid and is announced with it', () => {
    render(
      <TextField
        label="Username"
        value="al"
        onChange={() => undefined}
        hint="3–32 characters"
        error="Username must be at least 3 characters"
      />,
    );
    const input = screen.getByRole('textbox', {
      name: 'Username',
      description: '3–32 characters Username must be at least 3 characters',
    });
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  test('counts characters as the API does: an emoji is one', () => {
    render(<TextField label="Status" value="hi 👋" onChange={() => undefined} maxChars={140} />);
    expect(screen.getByText('4/140')).toBeTruthy();
  });
});
