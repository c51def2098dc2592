import type { ReactNode } from 'react';
import { BrandMark } from '../../ui/BrandMark.js';
import styles from './AuthLayout.module.scss';

/** The frame of the signed-out screens: brand, one card, a line below it. */
export function AuthLayout({
  title,
  intro,
  footer,
  children,
}: {
  title: string;
  intro: string;
  footer: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={styles.page}>
      <title>{`${title} · Parley`}</title>
      <main className={styles.main}>
        <div className={styles.brand}>
          <BrandMark size={40} />
          <span className={styles.brandName}>Parley</span>
        </div>
        <section className={styles.card} aria-labelledby="auth-title">
          <h1 id="auth-title" className={styles.title}>
            {title}
          </h1>
          <p className={styles.intro}>{intro}</p>
          {children}
        </section>
        <p className={styles.footer}>{footer}</p>
      </main>
    </div>
  );
}
