// Parley web client: starts the app for a signed-in user and boots the page. The features live in their modules:
// session (sign in), list, chat-view, composer, dialogs, realtime, notifications, emoji-picker, contact-picker (new group),
// day-chips; chat.js and conversations.js draw the chat and the list, avatars.js the avatars in both.
import * as auth from './auth.js';
import { api } from './api.js';
import { state } from './state.js';
import { $, banner } from './ui.js';
import { fillIcons } from './icons.js';
import { paintAvatar } from './avatars.js';
import { setAuthMode, showAuth } from './session.js';
import { loadConversations, renderAll } from './list.js';
import { openConversation, showRoute } from './chat-view.js';
import { socket, startSocket } from './realtime.js';
import { setUpPush, conversationToOpen } from './push.js';
import { joinFromLink } from './group-settings.js';
import './day-chips.js';
import './emoji-picker.js';
import { setUpNotifications } from './notifications.js';
import './block.js';

// ---------------------------------------------------------------- app start
export async function startApp() {
  const session = auth.session();
  state.me = { userId: session.userId, username: session.username };
  $('auth-view').hidden = true;
  $('app-view').hidden = false;
  $('me-name').textContent = session.username || '';
  $('me-username').textContent = session.username ? `@${session.username}` : ''; // how others find me
  paintAvatar($('me-avatar'), { id: session.userId, name: session.username });
  auth.scheduleRefresh();
  try {
    await loadConversations(true);
  } catch (e) {
    if (e.status === 401) return; // signed out: the sign-in form says so, in words for people
    banner(e.message, 'error');
  }
  startSocket();
  showRoute();
  setUpPush($('enable-notifications'), openConversation);
  setUpNotifications(openConversation, renderAll);
  const fromNotification = conversationToOpen();
  if (fromNotification) openConversation(fromNotification);
  joinFromLink().then((joined) => { if (joined) openConversation(joined); });
  api.get(`/api/v1/users/${encodeURIComponent(session.username)}`)
    .then((me) => {
      $('me-name').textContent = me.displayName || me.username;
      paintAvatar($('me-avatar'), { id: session.userId, name: me.displayName || me.username });
    })
    .catch(() => {}); // a moment after registering the read model may not know me yet: the username stays
}

// ---------------------------------------------------------------- debugging and tests
window.parley = {
  state,
  refresh: () => auth.refresh(),
  goOffline: () => socket?.goOffline(),
  goOnline: () => socket?.goOnline(),
  get connected() { return !!socket?.connected; },
  get socketsOpened() { return socket?.opens ?? 0; },
};

// ---------------------------------------------------------------- boot
fillIcons();
setAuthMode(false);
if (auth.session()) startApp(); else showAuth();
