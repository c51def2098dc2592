export const SPEEDS = [1, 1.5, 2] as const;
export type Speed = (typeof SPEEDS)[number];

const KEY = 'parley.voice-speed';

/** The speed after `speed` in the 1× → 1.5× → 2× → 1× cycle. */
export function nextSpeed(speed: Speed): Speed {
  return SPEEDS[(SPEEDS.indexOf(speed) + 1) % SPEEDS.length] ?? 1;
}

/** The speed the person chose last time (a preference, not message content, so it may be stored). */
export function readSpeed(storage: Pick<Storage, 'getItem'> | null): Speed {
  const stored = Number(storage?.getItem(KEY));
  return SPEEDS.find((speed) => speed === stored) ?? 1;
}

export function saveSpeed(storage: Pick<Storage, 'setItem'> | null, speed: Speed): void {
  try {
    storage?.setItem(KEY, String(speed));
  } catch {
    // Storage full or blocked (private mode): the speed still applies for this page.
  }
}

/** "1×", "1.5×", "2×". */
export function speedLabel(speed: Speed): string {
  return `${speed}×`;
}
