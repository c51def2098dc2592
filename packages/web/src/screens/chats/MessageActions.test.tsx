import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test } from 'vitest';
import { MessageActions } from './MessageActions.js';

function renderActions(own: boolean) {
  const calls: string[] = [];
  render(
    <MessageActions
      side={own ? 'end' : 'start'}
      canEdit={own}
      canDelete={own}
      onReply={() => calls.push('reply')}
      onEdit={() => calls.push('edit')}
      onDelete={() => calls.push('delete')}
      onReact={(emoji) => calls.push(`react ${emoji}`)}
    />,
  );
  return calls;
}

describe('MessageActions', () => {
  test('offers Edit and Delete on own messages only', () => {
    renderActions(false);
    const group = screen.getByRole('group', { name: 'Message actions' });
    expect([...group.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Reply',
      'React',
    ]);
  });

  test('works from the keyboard: React opens the emoji, Escape closes them where it was', async () => {
    const user = userEvent.setup();
    const calls = renderActions(true);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reply' }));
    await user.keyboard('{Enter}');
    await user.tab();
    await user.keyboard('{Enter}');
    const react = screen.getByRole('button', { name: 'React' });
    expect(react.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'React with 👍' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: 'Quick reactions' })).toBeNull();
    expect(document.activeElement).toBe(react);
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'React with ❤️' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(calls).toEqual(['reply', 'react ❤️', 'delete']);
  });
});
