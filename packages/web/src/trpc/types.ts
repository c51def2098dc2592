import type { AppRouter } from '@parley/api';
import type { inferRouterOutputs } from '@trpc/server';

export type { AppRouter };
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type TAuthResult = RouterOutputs['auth']['refresh'];
export type TMe = RouterOutputs['profile']['me'];
export type TPicture = NonNullable<TMe['picture']>;
export type TSession = RouterOutputs['sessions']['list'][number];
