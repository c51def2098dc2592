import { describe, expect, it } from 'vitest';

import { isStorageKey } from '../storage/storage.js';
import { newPictureKeys, pictureKeyFromFileName, thumbnailKeyOf } from './picture-keys.js';

describe('newPictureKeys', () => {
  it('makes a 512 and a 96 key sharing one 128-bit random name', () => {
    const { full, thumbnail } = newPictureKeys();
    expect(full).toMatch(/^avatars\/[0-9a-f]{32}-512\.webp$/);
    expect(thumbnail).toBe(full.replace('-512.webp', '-96.webp'));
    expect(isStorageKey(full) && isStorageKey(thumbnail)).toBe(true);
  });

  it('never repeats a name', () => {
    const names = new Set(Array.from({ length: 1000 }, () => newPictureKeys().full));
    expect(names.size).toBe(1000);
  });
});

describe('thumbnailKeyOf', () => {
  it('gives the thumbnail key made together with a full-size key', () => {
    const { full, thumbnail } = newPictureKeys();
    expect(thumbnailKeyOf(full)).toBe(thumbnail);
  });

  it('throws for a key newPictureKeys cannot have made as the full size', () => {
    const { thumbnail } = newPictureKeys();
    for (const key of [
      thumbnail,
      'avatars/x-512.webp',
      'other/0123456789abcdef0123456789abcdef-512.webp',
    ]) {
      expect(() => thumbnailKeyOf(key)).toThrow('Not a full-size picture key');
    }
  });
});

describe('pictureKeyFromFileName', () => {
  it('maps a file name the server made back to its key', () => {
    const { full, thumbnail } = newPictureKeys();
    for (const key of [full, thumbnail]) {
      expect(pictureKeyFromFileName(key.slice('avatars/'.length))).toBe(key);
    }
  });

  it('refuses any other name', () => {
    const id = '0123456789abcdef0123456789abcdef';
    for (const file of [
      '',
      `${id}-512.png`,
      `${id}-128.webp`,
      `${id.toUpperCase()}-512.webp`,
      `${id.slice(1)}-512.webp`,
      `../${id}-512.webp`,
      `${id}-512.webp/x`,
      `${id}-512.webp\n`,
      '..%2f..%2fetc%2fpasswd',
    ]) {
      expect(pictureKeyFromFileName(file)).toBeNull();
    }
  });
});
