import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageStatus } from '../ui/FullPageStatus.js';
import { useAuthState } from './services-context.js';

interface FromState {
  from?: string;
}

/** Signed-in area: waits for the silent sign-in, sends everyone else to sign in. */
export function RequireAuth() {
  const state = useAuthState();
  const location = useLocation();
  if (state.status === 'starting') return <FullPageStatus>Signing you in…</FullPageStatus>;
  if (state.status === 'unreachable') {
    return <FullPageStatus>Can’t reach Parley right now. Trying again…</FullPageStatus>;
  }
  if (state.status === 'signedOut') {
    const from: FromState = { from: location.pathname + location.search };
    return <Navigate to="/sign-in" replace state={from} />;
  }
  return <Outlet />;
}

/** Sign-in and register: a signed-in person goes on to where they were headed. */
export function PublicOnly() {
  const state = useAuthState();
  const location = useLocation();
  if (state.status === 'starting') return <FullPageStatus>Loading…</FullPageStatus>;
  if (state.status === 'signedIn') {
    const from = (location.state as FromState | null)?.from;
    return <Navigate to={from?.startsWith('/') ? from : '/'} replace />;
  }
  return <Outlet />;
}
