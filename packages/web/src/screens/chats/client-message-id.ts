/** A fresh id for a message about to be sent; a retry reuses it so the API returns the same one. */
export function newClientMessageId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
