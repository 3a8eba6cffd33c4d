// Push notifications for when the app is closed: a service worker (sw.js) and a Web Push subscription of this device
// (POST /api/v1/push/subscriptions). Permission is asked only when the user presses the button, never on load.
import { api } from './api.js';

function supported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function applicationServerKey(base64url) {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameBytes(a, b) {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

async function subscribe() {
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  const { publicKey } = await api.get('/api/v1/push/vapid-public-key');
  const key = applicationServerKey(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  const subscribedWith = subscription?.options?.applicationServerKey;
  if (subscription && subscribedWith && !sameBytes(new Uint8Array(subscribedWith), key)) {
    // the server's VAPID key changed (a new data directory): a subscription is bound to the key it was made with
    await subscription.unsubscribe();
    subscription = null;
  }
  if (!subscription) {
    subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: key,
    });
  }
  const { endpoint, keys } = subscription.toJSON();
  await api.post('/api/v1/push/subscriptions', { endpoint, keys });
}

/**
 * Shows {@code button} while notifications could be turned on; once allowed, (re)registers this device's subscription
 * at every start. {@code onOpen(conversationId)}: a notification was clicked while the app was open.
 */
let listening = false;

export function setUpPush(button, onOpen) {
  if (!supported()) return;
  if (!listening) {
    listening = true;
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data?.type === 'open-conversation' && event.data.conversationId) onOpen(event.data.conversationId);
    });
  }
  const refresh = () => { button.hidden = Notification.permission !== 'default'; };
  if (Notification.permission === 'granted') subscribe().catch(() => {});
  refresh();
  button.onclick = async () => {
    const permission = await Notification.requestPermission();
    refresh();
    if (permission === 'granted') subscribe().catch(() => {});
  };
}

/** The conversation a notification asked to open when it started the app (?conversation=…), once. */
export function conversationToOpen() {
  const params = new URLSearchParams(location.search);
  const id = params.get('conversation');
  if (id) history.replaceState(null, '', location.pathname);
  return id;
}
