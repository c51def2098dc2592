import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, matchPath, NavLink, Outlet, useLocation } from 'react-router';
import { useAuthActions } from '../../app/services-context.js';
import { describeApiError } from '../../errors/api-error.js';
import { LiveEvents } from '../../live/LiveEvents.js';
import { useTRPC } from '../../trpc/context.js';
import { Avatar } from '../../ui/Avatar.js';
import { BrandMark } from '../../ui/BrandMark.js';
import { Button } from '../../ui/Button.js';
import { ChatsIcon, ProfileIcon, SettingsIcon, SignOutIcon } from '../../ui/icons.js';
import { Notice } from '../../ui/Notice.js';
import styles from './AppShell.module.scss';

/** Each item is current on the paths it covers: an open conversation (`/chats/:id`) is Chats. */
const NAV = [
  { to: '/', label: 'Chats', icon: <ChatsIcon />, covers: ['/', '/chats/*'] },
  { to: '/profile', label: 'Profile', icon: <ProfileIcon />, covers: ['/profile/*'] },
  { to: '/settings', label: 'Settings', icon: <SettingsIcon />, covers: ['/settings/*'] },
];

/** The signed-in frame: top bar with the account, main navigation, and the page. */
export function AppShell() {
  const trpc = useTRPC();
  const auth = useAuthActions();
  const me = useQuery(trpc.profile.me.queryOptions());
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const { pathname } = useLocation();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => auth.signedOut(),
      // Signing out only locally would leave the refresh cookie valid and sign back in on reload.
      onError: (error) => setSignOutError(describeApiError(error).form),
    }),
  );
  useFocusHeadingOnNavigation();

  const name = me.data?.displayName ?? '';
  return (
    <div className={styles.shell}>
      <LiveEvents />
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.topbar}>
        <NavLink to="/" className={styles.brand} aria-label="Parley, chats">
          <BrandMark size={28} />
          <span aria-hidden="true">Parley</span>
        </NavLink>
        <div className={styles.account}>
          {me.data && (
            <NavLink to="/profile" className={styles.me} aria-label={`Your profile: ${name}`}>
              <Avatar src={me.data.picture?.thumbnailUrl ?? null} name={name} size={32} alt="" />
              <span className={styles.meName}>{name}</span>
            </NavLink>
          )}
          <Button
            variant="ghost"
            busy={signOut.isPending}
            onClick={() => {
              setSignOutError(null);
              signOut.mutate();
            }}
          >
            <SignOutIcon />
            Sign out
          </Button>
        </div>
      </header>
      <nav className={styles.nav} aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <Link
                to={item.to}
                className={styles.navLink}
                aria-current={
                  item.covers.some((path) => matchPath(path, pathname)) ? 'page' : undefined
                }
              >
                {item.icon}
                <span>{item.label}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className={styles.main} tabIndex={-1}>
        {signOutError && (
          <div className={styles.banner}>
            <Notice tone="error">{signOutError}</Notice>
          </div>
        )}
        <Outlet />
      </main>
    </div>
  );
}

/** After an in-app navigation, focus the new page's heading so screen readers announce it. */
function useFocusHeadingOnNavigation() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [pathname]);
}
