import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RegisterPage } from '../screens/auth/RegisterPage.js';
import { SignInPage } from '../screens/auth/SignInPage.js';
import { ChatPlaceholder } from '../screens/chats/ChatPlaceholder.js';
import { ChatsPage } from '../screens/chats/ChatsPage.js';
import { ConversationScreen } from '../screens/chats/ConversationScreen.js';
import { ProfilePage } from '../screens/profile/ProfilePage.js';
import { SettingsPage } from '../screens/settings/SettingsPage.js';
import { AppShell } from '../screens/shell/AppShell.js';
import { AppProviders } from './AppProviders.js';
import { PublicOnly, RequireAuth } from './route-guards.js';
import type { Services } from './services.js';

export function App({ services }: { services: Services }) {
  return (
    <AppProviders services={services}>
      <BrowserRouter>
        <Routes>
          <Route element={<PublicOnly />}>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/register" element={<RegisterPage />} />
          </Route>
          <Route element={<RequireAuth />}>
            <Route element={<AppShell />}>
              <Route element={<ChatsPage />}>
                <Route index element={<ChatPlaceholder />} />
                <Route path="/chats/:conversationId" element={<ConversationScreen />} />
              </Route>
              <Route path="/profile" element={<ProfilePage />} />
              <Route path="/settings" element={<SettingsPage />} />
            </Route>
          </Route>
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
    </AppProviders>
  );
}
