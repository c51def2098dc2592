import type { ClipboardEvent } from 'react';

/** A paste that carries files (a copied image, files from the file manager) attaches them instead. */
export function attachPastedFiles(event: ClipboardEvent, onFiles: (files: File[]) => void): void {
  const files = [...event.clipboardData.files];
  if (files.length === 0) return;
  event.preventDefault();
  onFiles(files);
}
