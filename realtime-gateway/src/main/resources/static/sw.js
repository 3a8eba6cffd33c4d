// Parley's service worker: shows a push notification (docs/protocol.md, "Push notifications") and opens its chat
// on click. It caches nothing: the app itself always comes from the server.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let push = {};
  try { push = event.data ? event.data.json() : {}; } catch (e) { push = {}; }
  if (push.type === 'invitation') {
    // a group invitation from someone the user never talked with: who and which group, never a message
    event.waitUntil(self.registration.showNotification(push.senderName || 'Parley', {
      body: push.title ? `invited you to the group “${push.title}”` : 'invited you to a group',
      tag: push.conversationId,
      renotify: true,
      data: { conversationId: push.conversationId },
    }));
    return;
  }
  if (push.type !== 'message') return;
  const unread = Number(push.unread) || 1;
  const body = push.request ? 'wants to send you messages' : push.preview
    ?? (unread > 1 ? `${unread} unread messages` : 'New message');
  event.waitUntil(self.registration.showNotification(push.senderName || 'Parley', {
    body,
    tag: push.conversationId, // one notification per conversation, replaced by the next
    renotify: true,
    data: { conversationId: push.conversationId },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const conversationId = event.notification.data?.conversationId;
  event.waitUntil((async () => {
    const windows = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
      .filter((client) => new URL(client.url).origin === self.location.origin);
    // the app already open (the one in front if there are several): bring it forward and let it open the chat in
    // place, keeping its socket; otherwise a new window at the chat's own URL (?chat=, the app's route)
    const open = windows.find((client) => client.focused) || windows.find((client) => client.visibilityState === 'visible')
      || windows[0];
    if (open) {
      open.postMessage({ type: 'open-conversation', conversationId }); // first: the chat opens even if focus is refused
      await open.focus();
      return;
    }
    await self.clients.openWindow(conversationId ? `/?chat=${encodeURIComponent(conversationId)}` : '/');
  })());
});
