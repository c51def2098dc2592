/** What the composer learns from a video before sending it (the API does not decode video). */
export interface VideoDetails {
  width: number;
  height: number;
  durationMs: number | null;
  /** The first frame as a JPEG, sent as the video's poster; null when it could not be drawn. */
  poster: Blob | null;
}

// The longest side of a poster: enough for the bubble and the lightbox-less inline player.
const POSTER_MAX_PX = 1280;
// A video the browser cannot decode may never fire an event at all.
const GIVE_UP_MS = 15_000;

/** Loads the video in a detached <video>, reads its size and duration, and draws its first frame. */
export function readVideoDetails(file: Blob): Promise<VideoDetails> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  const settled = new Promise<VideoDetails>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The video could not be read.')), GIVE_UP_MS);
    video.onerror = () => {
      clearTimeout(timer);
      reject(new Error('The video could not be read.'));
    };
    // `loadeddata`: the first frame is decoded and can be drawn.
    video.onloadeddata = () => {
      clearTimeout(timer);
      const duration = Number.isFinite(video.duration) ? Math.round(video.duration * 1000) : null;
      void drawFrame(video)
        .catch(() => null)
        .then((poster) =>
          resolve({
            width: video.videoWidth,
            height: video.videoHeight,
            durationMs: duration,
            poster,
          }),
        );
    };
  });
  video.src = url;
  return settled.finally(() => {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  });
}

function drawFrame(video: HTMLVideoElement): Promise<Blob | null> {
  const scale = Math.min(1, POSTER_MAX_PX / Math.max(video.videoWidth, video.videoHeight, 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
  canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
  const context = canvas.getContext('2d');
  if (!context || video.videoWidth === 0) return Promise.resolve(null);
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
}
