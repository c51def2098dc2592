/** The same ticketed media URL, asking for the file as a download (Content-Disposition: attachment). */
export function downloadUrl(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}download=1`;
}

/** Only a data: URL of an image is used as a blur placeholder (it arrives inside message content). */
export function safePlaceholder(placeholder: string | undefined): string | null {
  return placeholder?.startsWith('data:image/') ? placeholder : null;
}
