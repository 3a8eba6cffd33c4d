// Parley web client: starts the app for a signed-in user and boots the page. The features live in their modules:
// session (sign in), list, chat-view, composer, dialogs, realtime; chat.js and conversations.js draw the chat and the list.
import * as auth from './auth.js';
import { api } from './api.js';
import { state } from './state.js';
import { $, banner } from './ui.js';
import { fillIcons } from './icons.js';
import { setAuthMode, showAuth } from './session.js';
import { loadConversations } from './list.js';
import { openConversation, showRoute } from './chat-view.js';
import { socket, startSocket } from './realtime.js';
import { setUpPush, conversationToOpen } from './push.js';
import './block.js';

// ---------------------------------------------------------------- app start
export async function startApp() {
  const session = auth.session();
  state.me = { userId: session.userId, username: session.username };
  $('auth-view').hidden = true;
  $('app-view').hidden = false;
  $('me-name').textContent = session.username || '';
  $('me-username').textContent = session.username ? `@${session.username}` : ''; // how others find me
  $('me-avatar').textContent = (session.username || '?')[0].toUpperCase();
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
  const fromNotification = conversationToOpen();
  if (fromNotification) openConversation(fromNotification);
  api.get(`/api/v1/users/${encodeURIComponent(session.username)}`)
    .then((me) => { $('me-name').textContent = me.displayName || me.username; $('me-avatar').textContent = (me.displayName || '?')[0].toUpperCase(); })
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
