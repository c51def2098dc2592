import type { TAttachment } from './attachment-types.js';
import type { TrayItem } from './tray-state.js';
import type { UploadHandle } from './upload-media.js';
import type { Upload } from './upload-queue.js';
import type { UploadFn } from './useUploadMedia.js';
import { readVideoDetails, type VideoDetails } from './video-details.js';

type Progress = (loaded: number, total: number) => void;

/**
 * Uploads one tray item. A video goes up at once while the browser reads its size, duration and
 * first frame; the frame follows as an image and becomes the video's poster (`thumbnail`). A video
 * the browser cannot read, or a poster that fails, is sent without them.
 */
export function uploadTrayItem(
  item: Pick<TrayItem, 'file' | 'kind'>,
  upload: UploadFn,
  onProgress: Progress,
): Upload<TAttachment> {
  const name = item.file.name || item.kind;
  if (item.kind !== 'video') return upload(item.file, item.kind, name, onProgress);

  const handles: UploadHandle[] = [];
  let aborted = false;
  const start = (...args: Parameters<UploadFn>) => {
    const handle = upload(...args);
    handles.push(handle);
    if (aborted) handle.abort();
    return handle.done;
  };
  const sent = { video: 0, poster: 0, posterSize: 0 };
  const report = () => onProgress(sent.video + sent.poster, item.file.size + sent.posterSize);

  const run = async (): Promise<TAttachment> => {
    const details = readVideoDetails(item.file).catch(() => null);
    const video = start(item.file, 'video', name, (loaded) => {
      sent.video = loaded;
      report();
    });
    const poster = details.then((read) => {
      if (!read?.poster) return null;
      sent.posterSize = read.poster.size;
      const posterName = `${baseName(name)}-poster.jpg`;
      return start(read.poster, 'image', posterName, (loaded) => {
        sent.poster = loaded;
        report();
      }).catch(() => null);
    });
    try {
      const [main, read, frame] = await Promise.all([video, details, poster]);
      return withVideoDetails(main, read, frame);
    } catch (error) {
      for (const handle of handles) handle.abort();
      throw error;
    }
  };
  return {
    done: run(),
    abort() {
      aborted = true;
      for (const handle of handles) handle.abort();
    },
  };
}

function withVideoDetails(
  video: TAttachment,
  details: VideoDetails | null,
  poster: TAttachment | null,
): TAttachment {
  const sized = details && details.width > 0 && details.height > 0;
  return {
    ...video,
    ...(sized ? { width: details.width, height: details.height } : {}),
    ...(details?.durationMs != null ? { durationMs: details.durationMs } : {}),
    ...(poster?.width && poster.height
      ? { thumbnail: posterRef(poster, poster.width, poster.height) }
      : {}),
  };
}

function posterRef(poster: TAttachment, width: number, height: number) {
  const { mediaId, key, digest, size, mediaType } = poster;
  return { mediaId, key, digest, size, mediaType, width, height };
}

function baseName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
