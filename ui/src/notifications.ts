// Browser notifications, with the user's permission, while the tab is hidden: a turn finished, or
// an agent waits for an approval.
export function notificationsAllowed(): boolean {
  return 'Notification' in window && Notification.permission === 'granted';
}

export async function askForNotifications(): Promise<boolean> {
  if (!('Notification' in window)) return false;
  return (await Notification.requestPermission()) === 'granted';
}

export function notifyIfHidden(title: string, body: string) {
  if (document.visibilityState !== 'hidden' || !notificationsAllowed()) return;
  const notification = new Notification(title, { body, icon: '/icon.svg', tag: title + body });
  notification.onclick = () => window.focus();
}
