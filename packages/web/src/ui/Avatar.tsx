import styles from './Avatar.module.scss';

export interface AvatarProps {
  /** Image URL, or null to show initials. */
  src: string | null;
  /** Whose picture: used for the initials. */
  name: string;
  size: number;
  /** Empty when the name is written beside the picture anyway. */
  alt: string;
}

export function Avatar({ src, name, size, alt }: AvatarProps) {
  const dimensions = { width: size, height: size, fontSize: Math.max(12, size * 0.4) };
  if (src) {
    return (
      <img className={styles.avatar} src={src} alt={alt} style={dimensions} draggable={false} />
    );
  }
  return (
    <span
      className={`${styles.avatar} ${styles.initials}`}
      style={dimensions}
      role={alt ? 'img' : undefined}
      aria-label={alt || undefined}
      aria-hidden={alt ? undefined : true}
    >
      {initials(name)}
    </span>
  );
}

/** Up to two letters from the first words; code points, so emoji and surrogates stay whole. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => [...word][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}
