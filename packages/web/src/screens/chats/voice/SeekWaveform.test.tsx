import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, test } from 'vitest';
import { SeekWaveform } from './SeekWaveform.js';

/** The slider with its position held the way the player holds it. */
function Harness({ durationMs, start = 0 }: { durationMs: number; start?: number }) {
  const [position, setPosition] = useState(start);
  return (
    <SeekWaveform
      peaks={[0, 64, 255, 128]}
      durationMs={durationMs}
      positionMs={position}
      onSeek={setPosition}
    />
  );
}

const slider = () => screen.getByRole('slider', { name: 'Seek' });

describe('SeekWaveform', () => {
  test('is a slider in whole seconds that says where it is in words', () => {
    render(<Harness durationMs={65_400} start={12_700} />);
    expect(slider().getAttribute('aria-valuemin')).toBe('0');
    expect(slider().getAttribute('aria-valuemax')).toBe('65');
    expect(slider().getAttribute('aria-valuenow')).toBe('12');
    expect(slider().getAttribute('aria-valuetext')).toBe('12 seconds of 1 minute 5 seconds');
  });

  test('arrow keys move 5 s, Page keys 10 %, Home and End jump, never past either end', async () => {
    const user = userEvent.setup();
    render(<Harness durationMs={60_000} start={2_000} />);
    await user.tab();
    expect(document.activeElement).toBe(slider());
    await user.keyboard('{ArrowRight}');
    expect(slider().getAttribute('aria-valuenow')).toBe('7');
    await user.keyboard('{ArrowUp}{PageUp}');
    expect(slider().getAttribute('aria-valuenow')).toBe('18');
    await user.keyboard('{ArrowLeft}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(slider().getAttribute('aria-valuenow')).toBe('0');
    await user.keyboard('{End}');
    expect(slider().getAttribute('aria-valuenow')).toBe('60');
    await user.keyboard('{ArrowRight}');
    expect(slider().getAttribute('aria-valuenow')).toBe('60');
    await user.keyboard('{PageDown}{Home}');
    expect(slider().getAttribute('aria-valuenow')).toBe('0');
  });

  test('a click or drag seeks to that point of the waveform', () => {
    render(<Harness durationMs={40_000} />);
    const el = slider();
    el.getBoundingClientRect = () => DOMRect.fromRect({ x: 100, y: 0, width: 200, height: 32 });
    el.setPointerCapture = () => undefined;
    let captured = false;
    el.hasPointerCapture = () => captured;
    fireEvent.pointerDown(el, { clientX: 150, pointerId: 1 });
    expect(el.getAttribute('aria-valuenow')).toBe('10');
    captured = true;
    fireEvent.pointerMove(el, { clientX: 250, pointerId: 1 });
    expect(el.getAttribute('aria-valuenow')).toBe('30');
    fireEvent.pointerMove(el, { clientX: 900, pointerId: 1 }); // dragged past the end
    expect(el.getAttribute('aria-valuenow')).toBe('40');
    captured = false;
    fireEvent.pointerMove(el, { clientX: 100, pointerId: 1 }); // released: hovering does nothing
    expect(el.getAttribute('aria-valuenow')).toBe('40');
  });

  test('draws one bar per peak, or a flat line for a message without a waveform', () => {
    const { container, rerender } = render(
      <SeekWaveform peaks={[1, 2, 3]} durationMs={1000} positionMs={0} onSeek={() => {}} />,
    );
    // Each bar twice: the unplayed layer and the played layer on top.
    expect(container.querySelectorAll('rect')).toHaveLength(6);
    rerender(<SeekWaveform peaks={undefined} durationMs={1000} positionMs={0} onSeek={() => {}} />);
    expect(container.querySelectorAll('rect').length).toBeGreaterThan(6);
  });
});
