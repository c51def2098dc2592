import { useState } from 'react';
import {
  applyThemeChoice,
  readThemeChoice,
  THEME_CHOICES,
  type ThemeChoice,
} from '../../theme/theme.js';
import { Panel } from '../../ui/Page.js';
import styles from './AppearancePanel.module.scss';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function AppearancePanel() {
  const [choice, setChoice] = useState(readThemeChoice);
  return (
    <Panel title="Appearance">
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Theme</legend>
        <div className={styles.options}>
          {THEME_CHOICES.map((option) => (
            <label key={option} className={styles.option}>
              <input
                type="radio"
                name="theme"
                value={option}
                checked={choice === option}
                onChange={() => {
                  setChoice(option);
                  applyThemeChoice(option);
                }}
              />
              {LABELS[option]}
            </label>
          ))}
        </div>
      </fieldset>
    </Panel>
  );
}
