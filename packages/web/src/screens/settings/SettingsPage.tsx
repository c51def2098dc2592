import { Page } from '../../ui/Page.js';
import { AppearancePanel } from './AppearancePanel.js';
import { DeleteAccountPanel } from './DeleteAccountPanel.js';
import { NotificationsPanel } from './NotificationsPanel.js';
import { PasswordPanel } from './PasswordPanel.js';
import { SessionsPanel } from './SessionsPanel.js';

export function SettingsPage() {
  return (
    <Page title="Settings" description="Your devices, security and how Parley looks.">
      <SessionsPanel />
      <PasswordPanel />
      <NotificationsPanel />
      <AppearancePanel />
      <DeleteAccountPanel />
    </Page>
  );
}
