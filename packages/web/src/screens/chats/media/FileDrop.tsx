import { useEffect, useRef, useState } from 'react';
import styles from './FileDrop.module.scss';

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Makes its parent element a drop target for files (the whole conversation), showing a hint while
 * files are dragged over it. The parent needs `position: relative` for the hint to cover it.
 */
export function FileDrop({ onFiles }: { onFiles(files: File[]): void }) {
  const marker = useRef<HTMLDivElement>(null);
  const [over, setOver] = useState(false);
  const latest = useRef(onFiles);
  useEffect(() => {
    latest.current = onFiles;
  }, [onFiles]);

  useEffect(() => {
    const target = marker.current?.parentElement;
    if (!target) return;
    // dragenter/dragleave fire for every child crossed: count them to know when the drag left.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth += 1;
      setOver(true);
    };
    const overTarget = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault(); // allows the drop
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      latest.current([...(event.dataTransfer?.files ?? [])]);
    };
    // A file dropped anywhere else would make the browser leave the app to open it.
    const refuse = (event: DragEvent) => {
      if (carriesFiles(event)) event.preventDefault();
    };
    target.addEventListener('dragenter', enter);
    target.addEventListener('dragover', overTarget);
    target.addEventListener('dragleave', leave);
    target.addEventListener('drop', drop);
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
      target.removeEventListener('dragenter', enter);
      target.removeEventListener('dragover', overTarget);
      target.removeEventListener('dragleave', leave);
      target.removeEventListener('drop', drop);
    };
  }, []);

  return (
    <div ref={marker} className={over ? styles.over : styles.idle} aria-hidden={!over}>
      {over && <p className={styles.hint}>Drop files to attach them</p>}
    </div>
  );
}
