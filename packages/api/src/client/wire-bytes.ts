/** `T` with every Uint8Array as a base64 string: how binary fields travel in the API's JSON. */
export type Wire<T> = T extends Uint8Array
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** Encodes every Uint8Array inside `value` (keys, uploads) as base64. */
export function toWire<T>(value: T): Wire<T> {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64') as Wire<T>;
  if (Array.isArray(value)) return value.map(toWire) as Wire<T>;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)])) as Wire<T>;
  }
  return value as Wire<T>;
}

export const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
