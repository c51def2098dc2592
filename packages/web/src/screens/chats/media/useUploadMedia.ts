import { useCallback } from 'react';
import { useLiveServices } from '../../../app/services-context.js';
import type { TMediaKind } from './attachment-types.js';
import { uploadMedia, type UploadHandle } from './upload-media.js';

export type UploadFn = (
  body: Blob,
  kind: TMediaKind,
  name: string,
  onProgress?: (loaded: number, total: number) => void,
) => UploadHandle;

/** `uploadMedia` with the signed-in session's token (refreshed once after a 401). */
export function useUploadMedia(): UploadFn {
  const { session } = useLiveServices();
  return useCallback(
    (body, kind, name, onProgress) => {
      const generation = session.generation;
      return uploadMedia({
        body,
        kind,
        name,
        token: () => session.accessToken(),
        refresh: () => session.refreshAfter(generation),
        ...(onProgress ? { onProgress } : {}),
      });
    },
    [session],
  );
}
