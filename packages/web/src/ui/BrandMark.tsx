/** The Parley mark: a speech bubble on the accent colour. Decorative; the name is written beside it. */
export function BrandMark({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="9" style={{ fill: 'var(--accent)' }} />
      <path
        d="M9 10.5A3.5 3.5 0 0 1 12.5 7h7A3.5 3.5 0 0 1 23 10.5v5a3.5 3.5 0 0 1-3.5 3.5H15l-4.2 3.6c-.5.4-1.3.1-1.3-.6V19A3.5 3.5 0 0 1 9 15.5z"
        style={{ fill: 'var(--on-accent)' }}
      />
    </svg>
  );
}
