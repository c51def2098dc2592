import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, test } from 'vitest';
import { CropArea } from './CropArea.js';
import { cropRect, initialCrop, type Crop } from './crop-math.js';
import type { LoadedImage } from './load-image.js';

const image: LoadedImage = {
  element: new Image(),
  url: 'blob:photo',
  size: { width: 1600, height: 1200 },
};

/** Renders the crop area with real state and reports every crop it produced. */
function renderCropArea() {
  const crops: Crop[] = [];
  function Harness() {
    const [crop, setCrop] = useState(() => initialCrop(image.size));
    return (
      <CropArea
        image={image}
        crop={crop}
        onChange={(next) => {
          crops.push(next);
          setCrop(next);
        }}
      />
    );
  }
  render(<Harness />);
  const last = () => crops.at(-1) ?? initialCrop(image.size);
  return { last };
}

describe('CropArea', () => {
  test('is a named, focusable group that explains its keys', () => {
    renderCropArea();
    const area = screen.getByRole('group', { name: 'Crop area' });
    expect(area.tabIndex).toBe(0);
    expect(area.getAttribute('aria-describedby')).toBeTruthy();
    const hint = document.getElementById(area.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toMatch(/arrow keys/);
  });

  test('zooms with + and − and the labelled slider follows', async () => {
    const user = userEvent.setup();
    const { last } = renderCropArea();
    await user.tab(); // reached by keyboard
    expect(document.activeElement).toBe(screen.getByRole('group', { name: 'Crop area' }));
    await user.keyboard('++');
    expect(last().zoom).toBeCloseTo(1.2);
    const slider = screen.getByRole('slider', { name: 'Zoom' });
    expect(Number((slider as HTMLInputElement).value)).toBeCloseTo(1.2);
    expect(slider.getAttribute('aria-valuetext')).toBe('120%');
    await user.keyboard('-');
    expect(last().zoom).toBeCloseTo(1.1);
  });

  test('arrow keys move the picture, so the kept square moves the other way', async () => {
    const user = userEvent.setup();
    const { last } = renderCropArea();
    await user.tab();
    const start = cropRect(image.size, last());
    await user.keyboard('{ArrowRight}');
    const moved = cropRect(image.size, last());
    expect(moved.x).toBeLessThan(start.x);
    expect(moved.y).toBe(start.y);
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(cropRect(image.size, last()).x).toBeGreaterThan(moved.x);
  });
});
