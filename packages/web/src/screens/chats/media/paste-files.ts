import type { ClipboardEvent } from 'react';

/**
 * A paste that carries files (a copied image, files from the file manager) attaches them. Text
 * pasted along with them (a copied web page) still goes into the field.
 */
export function attachPastedFiles(event: ClipboardEvent, onFiles: (files: File[]) => void): void {
  const files = [...event.clipboardData.files];
  if (files.length === 0) return;
  if (!event.clipboardData.types.includes('text/plain')) event.preventDefault();
  onFiles(files);
}
