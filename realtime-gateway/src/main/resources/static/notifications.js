// Desktop notifications while the app is open (a closed app has the service worker's Web Push: the server pushes only
// to devices without an open socket): a message from someone else in a chat that is not on screen, unless the chat is
// muted. Mutes are the server's push mutes (PUT/DELETE /api/v1/push/mutes/{id}), so one switch silences both, on every
// device; the text is shown only when the user allowed previews in push settings too. Permission is asked by the bell
// button (push.js), never on load; the tab title keeps counting unread chats (list.js). The same messages play a short
// sound (sound.js) whether or not notifications are allowed; a muted chat wears a crossed-out bell in the list.
import { api, request } from './api.js';
import { state, titleOf, displayName, isGroup, el } from './state.js';
import { icon } from './icons.js';
import { playMessageSound, renderSoundButton } from './sound.js';

const MUTE_FOR_MS = 10 * 365 * 24 * 3600 * 1000; // "always", as the server wants an instant
const mutes = new Map(); // conversationId → muted until (epoch ms)
let previews = false;
let open = () => {};
let changed = () => {};

const button = el('button', { type: 'button', id: 'mute-chat', class: 'icon-button', 'aria-pressed': 'false' });
document.getElementById('chat-info').before(button);
button.onclick = () => toggleMute(state.openId);

/**
 * Loads this user's mutes and preview setting; {@code onOpen(conversationId)} opens a chat from a notification,
 * {@code onChange()} redraws the list when a chat's mute changed.
 */
export async function setUpNotifications(onOpen, onChange = () => {}) {
  open = onOpen;
  changed = onChange;
  renderSoundButton();
  mutes.clear();
  try {
    const settings = await api.get('/api/v1/push/settings');
    previews = !!settings.previews;
    for (const mute of settings.mutes || []) mutes.set(mute.conversationId, Date.parse(mute.until));
  } catch {
    // no settings: nothing muted, no previews
  }
  renderMuteButton();
  changed();
}

export const isMuted = (conversationId) => (mutes.get(conversationId) ?? 0) > Date.now();

/** The crossed-out bell of a muted chat's list item, or nothing. */
export function mutedMarker(conv) {
  return isMuted(conv.id) ? el('span', { class: 'muted-marker', title: 'Muted' }, icon('bell-off', 'icon inline')) : null;
}

/** A new message from someone else has arrived: a sound and a notification, unless it is on screen or muted. */
export function notifyMessage(conv, message) {
  if (isMuted(conv.id) || (state.openId === conv.id && !document.hidden)) return;
  playMessageSound();
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const sender = displayName(message.senderId);
  const title = isGroup(conv) ? `${sender} in ${titleOf(conv)}` : sender;
  let body = 'New message';
  if (previews && message.text) body = message.text.slice(0, 140);
  else if (previews && message.media) body = 'Sent an attachment';
  const notification = new Notification(title, { body, tag: conv.id, lang: document.documentElement.lang });
  notification.onclick = () => {
    window.focus();
    open(conv.id);
    notification.close();
  };
}

/** The open chat's mute switch, as the header is drawn. */
export function renderMuteButton() {
  const muted = isMuted(state.openId);
  const look = `${muted}`;
  if (button.dataset.look === look) return;
  button.dataset.look = look;
  const label = muted ? 'Unmute notifications' : 'Mute notifications';
  button.setAttribute('aria-pressed', String(muted));
  button.setAttribute('aria-label', label);
  button.title = label;
  button.replaceChildren(icon(muted ? 'bell-off' : 'bell'));
}

async function toggleMute(conversationId) {
  if (!conversationId) return;
  button.disabled = true;
  try {
    if (isMuted(conversationId)) {
      await api.del(`/api/v1/push/mutes/${encodeURIComponent(conversationId)}`);
      mutes.delete(conversationId);
    } else {
      const { until } = await request('PUT', `/api/v1/push/mutes/${encodeURIComponent(conversationId)}`,
        { until: new Date(Date.now() + MUTE_FOR_MS).toISOString() });
      mutes.set(conversationId, Date.parse(until));
    }
  } catch (e) {
    document.getElementById('composer-error').textContent = e.message;
  } finally {
    button.disabled = false;
    renderMuteButton();
    changed();
  }
}
