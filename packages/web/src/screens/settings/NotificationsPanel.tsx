import { useState } from 'react';
import { notificationsSupported } from '../../live/notify-message.js';
import { Button } from '../../ui/Button.js';
import { Panel } from '../../ui/Page.js';

const STATES: Record<NotificationPermission, string> = {
  default: 'Parley can tell you about new messages while its tab is in the background.',
  granted: 'On: new messages are announced while Parley’s tab is in the background (sender only).',
  denied: 'Blocked in this browser. Allow notifications for this site in its settings to use them.',
};

export function NotificationsPanel() {
  const [permission, setPermission] = useState(() =>
    notificationsSupported() ? Notification.permission : null,
  );
  return (
    <Panel title="Notifications">
      <p role="status">{permission ? STATES[permission] : 'This browser has no notifications.'}</p>
      {permission === 'default' && (
        <div>
          <Button
            variant="secondary"
            onClick={() => void Notification.requestPermission().then(setPermission)}
          >
            Turn on notifications
          </Button>
        </div>
      )}
    </Panel>
  );
}
