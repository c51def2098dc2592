// The person's theme choice. "system" follows prefers-color-scheme (see global.scss); public/
// theme-init.js applies a stored choice before first paint and must use the same key and values.
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const STORAGE_KEY = 'parley-theme';

export function readThemeChoice(): ThemeChoice {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function applyThemeChoice(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') {
    delete root.dataset.theme;
    safeStorage()?.removeItem(STORAGE_KEY);
  } else {
    root.dataset.theme = choice;
    safeStorage()?.setItem(STORAGE_KEY, choice);
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (privacy settings): the choice lasts for this page only
  }
}
