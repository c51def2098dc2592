/** What an upload is sent as; each kind has its own accepted types and size limit. */
export const MEDIA_KINDS = ['image', 'video', 'voice', 'file'] as const;

export type TMediaKind = (typeof MEDIA_KINDS)[number];
