import type { Request } from 'express';

/** What to send of an object of `size` bytes: all of it, one range (206), or nothing (416). */
export type RangeAnswer =
  | { status: 200; start: 0; length: number }
  | { status: 206; start: number; length: number }
  | { status: 416 };

/**
 * One `Range: bytes=…` range (a-b, a-, -n) as express's range-parser reads it. A malformed header or
 * several ranges get the whole object (RFC 9110 lets a server ignore Range); a range wholly past the
 * end is 416.
 */
export function rangeOf(req: Request, size: number): RangeAnswer {
  const whole = { status: 200, start: 0, length: size } as const;
  const ranges = req.range(size, { combine: true });
  if (ranges === undefined || ranges === -2) return whole;
  if (ranges === -1) return { status: 416 };
  if (ranges.type !== 'bytes' || ranges.length !== 1) return whole;
  const { start, end } = ranges[0]!;
  return { status: 206, start, length: end - start + 1 };
}
