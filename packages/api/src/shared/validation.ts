// Input rules shared by the API and the web app: one definition of every limit and message.
// Pure zod, no Node imports: the web bundle includes this file.
import { z } from 'zod';

export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  displayNameMax: 64,
  statusMax: 140,
  passwordMin: 8,
  passwordMax: 256,
  pictureMaxBytes: 10 * 1024 * 1024,
  searchQueryMax: 64,
  messageMax: 16_000,
  /** Items in one message (an album). */
  attachmentsMax: 10,
  /** Default upload limits per kind (the API's are configurable); voice is also capped by length. */
  mediaMaxBytes: {
    image: 25 * 1024 * 1024,
    video: 200 * 1024 * 1024,
    voice: 20 * 1024 * 1024,
    file: 100 * 1024 * 1024,
  },
  voiceMaxMs: 15 * 60 * 1000,
  fileNameMax: 255,
  /** People mentioned in one message. */
  mentionsMax: 50,
} as const;

/** Length in Unicode code points, so an emoji counts once rather than as two UTF-16 units. */
const codePoints = (s: string) => [...s].length;
// C0 and C1 controls (newlines, tabs, escape sequences...). Format characters such as RTL marks are
// allowed: names in right-to-left scripts need them, and the web app renders every name as plain text.
const CONTROL_CHARACTERS = /\p{Cc}/u;

const text = (label: string, max: number) =>
  z
    .string()
    .refine((s) => !CONTROL_CHARACTERS.test(s), `${label} cannot contain control characters`)
    .refine((s) => codePoints(s) <= max, `${label} can be at most ${max} characters`);

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .min(LIMITS.usernameMin, `Username must be at least ${LIMITS.usernameMin} characters`)
  .max(LIMITS.usernameMax, `Username can be at most ${LIMITS.usernameMax} characters`)
  .regex(/^[a-z0-9_.]+$/, 'Username can contain only letters a–z, digits, _ and .');

export const ZDisplayName = z
  .string()
  .trim()
  .min(1, 'Display name cannot be empty')
  .pipe(text('Display name', LIMITS.displayNameMax));

export const ZStatus = z.string().trim().pipe(text('Status', LIMITS.statusMax));

export const ZPassword = z
  .string()
  .refine(
    (s) => codePoints(s) >= LIMITS.passwordMin,
    `Password must be at least ${LIMITS.passwordMin} characters`,
  )
  .refine(
    (s) => codePoints(s) <= LIMITS.passwordMax,
    `Password can be at most ${LIMITS.passwordMax} characters`,
  );

export const ZGroupTitle = z
  .string()
  .trim()
  .min(1, 'Give the group a name')
  .pipe(text('Group name', 64));

/** A message's text where it may be empty: the caption of files sent with it. */
export const ZCaption = z
  .string()
  .refine(
    (s) => codePoints(s) <= LIMITS.messageMax,
    `A message can be at most ${LIMITS.messageMax} characters`,
  );

export const ZMessageText = ZCaption.refine(
  (s) => s.trim().length > 0,
  'A message cannot be empty',
);

/** One emoji: pictographs with their modifiers, joiners and variation selectors; nothing else. */
export const ZEmoji = z
  .string()
  .regex(/^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f)+$/u, 'Must be an emoji')
  .refine((s) => /\p{Extended_Pictographic}|\u20e3/u.test(s), 'Must be an emoji')
  .refine((s) => codePoints(s) <= 16, 'Must be one emoji');

/** Mentioned members' user ids (the API checks they are members; repeats count once). */
export const ZMentions = z
  .array(z.uuid('Not a user id'))
  .max(LIMITS.mentionsMax, `A message can mention at most ${LIMITS.mentionsMax} people`);

export type TUsername = z.infer<typeof ZUsername>;
