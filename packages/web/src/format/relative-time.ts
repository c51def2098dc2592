const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];

/** "just now", "5 minutes ago", "yesterday"; dates from a week back are written out. */
export function formatRelativeTime(iso: string, nowMs: number): string {
  const seconds = Math.round((Date.parse(iso) - nowMs) / 1000);
  const distance = Math.abs(seconds);
  if (distance < 60) return 'just now';
  if (distance >= 7 * 24 * 60 * 60) return absolute.format(new Date(iso));
  const [unit, size] = UNITS.findLast(([, length]) => distance >= length) ?? ['minute', 60];
  return relative.format(Math.trunc(seconds / size), unit);
}
