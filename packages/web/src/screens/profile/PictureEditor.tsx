import { LIMITS } from '@parley/api/validation';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { TPicture } from '../../trpc/types.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { CameraIcon } from '../../ui/icons.js';
import { CropArea } from './CropArea.js';
import { initialCrop } from './crop-math.js';
import { CropView } from './CropView.js';
import { loadImage } from './load-image.js';
import { KEEP_PICTURE, type PendingPicture } from './pending-picture.js';
import styles from './PictureEditor.module.scss';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif';
// The live preview at the sizes lists and headers use; the large one is the summary above.
const PREVIEW_SIZES = [64, 40, 32];

/**
 * Choose, crop and preview a display picture. Nothing is uploaded here: the profile form's Save
 * renders the crop and sends it.
 */
export function PictureEditor({
  current,
  name,
  value,
  onChange,
  error,
}: {
  current: TPicture | null;
  name: string;
  value: PendingPicture;
  onChange(value: PendingPicture): void;
  error: string | null;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const newUrl = value.kind === 'new' ? value.image.url : null;
  useEffect(() => (newUrl ? () => URL.revokeObjectURL(newUrl) : undefined), [newUrl]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again still fires a change
    if (!file) return;
    setLoadError(null);
    try {
      const image = await loadImage(file, LIMITS.pictureMaxBytes);
      onChange({ kind: 'new', image, crop: initialCrop(image.size) });
    } catch (reason) {
      setLoadError(reason instanceof Error ? reason.message : String(reason));
    }
  };

  const shownError = loadError ?? error;
  const status =
    value.kind === 'new'
      ? 'New picture: choose the square to keep, then save.'
      : value.kind === 'remove'
        ? 'Your picture will be removed when you save.'
        : null;

  return (
    <div className={styles.editor}>
      <div className={styles.summary}>
        {value.kind === 'new' ? (
          <CropView
            src={value.image.url}
            image={value.image.size}
            crop={value.crop}
            className={styles.preview}
            style={{ width: 96 }}
          />
        ) : (
          <Avatar
            src={value.kind === 'keep' ? (current?.url ?? null) : null}
            name={name}
            size={96}
            alt={value.kind === 'keep' && current ? 'Your display picture' : ''}
          />
        )}
        <div className={styles.actions}>
          <Button onClick={() => inputRef.current?.click()}>
            <CameraIcon />
            Choose picture
          </Button>
          {value.kind !== 'keep' ? (
            <Button variant="ghost" onClick={() => onChange(KEEP_PICTURE)}>
              {value.kind === 'new' ? 'Discard new picture' : 'Keep picture'}
            </Button>
          ) : (
            current && (
              <Button variant="ghost" onClick={() => onChange({ kind: 'remove' })}>
                Remove picture
              </Button>
            )
          )}
          <input
            ref={inputRef}
            type="file"
            accept={ACCEPT}
            hidden
            onChange={(event) => void onFile(event)}
          />
        </div>
      </div>
      {/* Always rendered: a live region announces changes only once it exists. */}
      <p role="status" className={styles.status}>
        {status}
      </p>
      {shownError && (
        <p role="alert" className={styles.error}>
          {shownError}
        </p>
      )}
      {value.kind === 'new' && (
        <div className={styles.crop}>
          <CropArea
            image={value.image}
            crop={value.crop}
            onChange={(crop) => onChange({ ...value, crop })}
          />
          <figure className={styles.previews}>
            <div className={styles.previewRow}>
              {PREVIEW_SIZES.map((size) => (
                <CropView
                  key={size}
                  src={value.image.url}
                  image={value.image.size}
                  crop={value.crop}
                  className={styles.preview}
                  style={{ width: size }}
                />
              ))}
            </div>
            <figcaption className={styles.caption}>Preview</figcaption>
          </figure>
        </div>
      )}
    </div>
  );
}
