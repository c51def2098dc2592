import { useId, type InputHTMLAttributes } from 'react';
import styles from './TextField.module.scss';

export interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'onChange' | 'value' | 'id'
> {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Shown under the field and announced with it; marks the field invalid. */
  error?: string | undefined;
  hint?: string | undefined;
  /** Shows "used/max" characters, counted in code points like the API's rules. */
  maxChars?: number;
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  maxChars,
  className,
  ...rest
}: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint && hintId, error && errorId].filter(Boolean).join(' ') || undefined;
  // No `maxLength`: it counts UTF-16 units, so it would cut emoji-rich text the API accepts.
  const count = [...value].length;

  return (
    <div className={[styles.field, className].filter(Boolean).join(' ')}>
      <div className={styles.labelRow}>
        <label htmlFor={id} className={styles.label}>
          {label}
        </label>
        {maxChars !== undefined && (
          <span
            className={count > maxChars ? `${styles.count} ${styles.over}` : styles.count}
            aria-hidden="true"
          >
            {count}/{maxChars}
          </span>
        )}
      </div>
      <input
        {...rest}
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={styles.input}
      />
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      )}
    </div>
  );
}
