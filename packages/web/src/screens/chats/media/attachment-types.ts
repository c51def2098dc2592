import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../../../trpc/types.js';
import type { TMessage } from '../conversation-title.js';

// The attachment shapes as the API defines them (docs/API.md, "Media"). A sent descriptor carries
// the file keys (the browser is the user's own endpoint); what messages.list returns carries
// ticketed URLs and no keys.

/** What `POST /media` answers and `messages.send` takes back. */
export type TAttachment = NonNullable<
  inferRouterInputs<AppRouter>['messages']['send']['attachments']
>[number];
/** An attachment as shown: no keys, URLs with media tickets. */
export type TAttachmentView = TMessage['attachments'][number];
export type TMediaKind = TAttachment['kind'];
