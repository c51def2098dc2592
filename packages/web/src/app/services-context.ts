import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AuthState } from '../auth/auth-session.js';
import type { AuthActions, Services } from './services.js';

export const ServicesContext = createContext<Services | null>(null);

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesContext is missing: render inside <AppProviders>.');
  return services;
}

export function useAuthState(): AuthState {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.getState);
}

export function useAuthActions(): AuthActions {
  return useServices().auth;
}

/** The signed-in person's id; only for screens inside `RequireAuth`. */
export function useMyUserId(): string {
  const state = useAuthState();
  return state.status === 'signedIn' ? state.userId : '';
}

export function useLiveServices(): Pick<Services, 'live' | 'session'> {
  const { live, session } = useServices();
  return { live, session };
}
