import { authRouter } from './routers/auth.js';
import { conversationsRouter } from './routers/conversations.js';
import { devicesRouter } from './routers/devices.js';
import { eventsRouter } from './routers/events.js';
import { groupsRouter } from './routers/groups.js';
import { messagesRouter } from './routers/messages.js';
import { profileRouter } from './routers/profile.js';
import { sessionsRouter } from './routers/sessions.js';
import { usersRouter } from './routers/users.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  sessions: sessionsRouter,
  profile: profileRouter,
  users: usersRouter,
  devices: devicesRouter,
  conversations: conversationsRouter,
  groups: groupsRouter,
  messages: messagesRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
