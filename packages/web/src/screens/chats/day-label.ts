const dateFormat = new Intl.DateTimeFormat('en', {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
});
const yearFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long' });
const timeFormat = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });

/** The local calendar day of an instant, for grouping messages under day separators. */
export function localDayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** "Today", "Yesterday", "Monday, March 9" or, from another year, "March 9, 2025". */
export function dayLabel(iso: string, now: Date): string {
  const date = new Date(iso);
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return date.getFullYear() === now.getFullYear()
    ? dateFormat.format(date)
    : yearFormat.format(date);
}

const weekdayFormat = new Intl.DateTimeFormat('en', { weekday: 'short' });
const shortDateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'short' });

/** For the chat list: the time today, the weekday within a week, else the date. */
export function activityLabel(iso: string, now: Date): string {
  const date = new Date(iso);
  if (localDayKey(iso) === localDayKey(now.toISOString())) return timeFormat.format(date);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  return days < 6 ? weekdayFormat.format(date) : shortDateFormat.format(date);
}

export function timeLabel(iso: string): string {
  return timeFormat.format(new Date(iso));
}
