// Parley web client: wires auth, the conversation list, the chat view, media uploads and the realtime socket.
import * as auth from './auth.js';
import { api } from './api.js';
import { Socket } from './socket.js';
import {
  state, conversation, isGroup, isAdmin, titleOf, displayName, rememberUser, el,
} from './state.js';
import { renderList } from './conversations.js';
import {
  renderMessages, renderHeader, adopt, attachMedia, lastVisibleSeq, atBottom, scrollToBottom,
} from './chat.js';
import { classify, upload, formatSize } from './media.js';
import { icon, fillIcons } from './icons.js';

const $ = (id) => document.getElementById(id);
const PAGE = 30;
let socket = null;
let listTimer = null;
const composerUploads = new Map(); // conversation id -> the attachment picked there, not sent yet

// ---------------------------------------------------------------- auth view
let registering = false;

function showAuth(message = '') {
  $('app-view').hidden = true;
  $('auth-view').hidden = false;
  $('auth-error').textContent = message;
  banner('');
  document.title = 'Parley';
  $('auth-username').focus();
}

function setAuthMode(register) {
  registering = register;
  $('tab-login').setAttribute('aria-selected', String(!register));
  $('tab-register').setAttribute('aria-selected', String(register));
  $('auth-form').setAttribute('aria-labelledby', register ? 'tab-register' : 'tab-login');
  $('display-name-row').hidden = !register;
  $('auth-password').autocomplete = register ? 'new-password' : 'current-password';
  $('auth-submit').textContent = register ? 'Create account' : 'Sign in';
  $('auth-error').textContent = '';
}

$('tab-login').onclick = () => setAuthMode(false);
$('tab-register').onclick = () => setAuthMode(true);
$('auth-form').addEventListener('keydown', (e) => {
  if (e.target.getAttribute('role') === 'tab' && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) setAuthMode(!registering);
});
$('auth-form').onsubmit = async (event) => {
  event.preventDefault();
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  const error = $('auth-error');
  if (!/^[A-Za-z0-9_.]{3,32}$/.test(username)) { error.textContent = 'A username has 3 to 32 letters, digits, “_” or “.”.'; return; }
  if (registering && password.length < 10) { error.textContent = 'A password needs at least 10 characters.'; return; }
  $('auth-submit').disabled = true;
  error.textContent = '';
  try {
    if (registering) await auth.register(username, password, $('auth-display-name').value);
    else await auth.login(username, password);
    $('auth-password').value = '';
    startApp();
  } catch (e) {
    error.textContent = e.problemType?.endsWith('username-taken') ? `The username “${username}” is taken.` : e.message;
  } finally {
    $('auth-submit').disabled = false;
  }
};

auth.onSignedOutListener((message) => {
  socket?.stop();
  socket = null;
  state.conversations.clear();
  state.openId = null;
  composerUploads.forEach((attachment) => attachment.cancel());
  composerUploads.clear();
  showComposerOf(null);
  route(null, 'replace');
  showAuth(message);
});
// another tab of this browser signed in: this one starts afresh with that session
auth.onSignedInElsewhere(() => location.reload());

$('logout').onclick = () => auth.logout();

// ---------------------------------------------------------------- app start
async function startApp() {
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
  socket = new Socket({ positions, onFrame, onState: connectionState });
  socket.start();
  showRoute();
  api.get(`/api/v1/users/${encodeURIComponent(session.username)}`)
    .then((me) => { $('me-name').textContent = me.displayName || me.username; $('me-avatar').textContent = (me.displayName || '?')[0].toUpperCase(); })
    .catch(() => {}); // a moment after registering the read model may not know me yet: the username stays
}

// a resume names at most this many conversations (docs/protocol.md): the most recently active ones; any other
// is announced by the server as new and sent from its start
const MAX_RESUME_POSITIONS = 1000;

function positions() {
  const result = {};
  [...state.conversations.values()]
    .sort((a, b) => String(b.lastActivityAt || '').localeCompare(String(a.lastActivityAt || '')))
    .slice(0, MAX_RESUME_POSITIONS)
    .forEach((conv) => { result[conv.id] = conv.position; });
  return result;
}

let offlineSince = null;
function connectionState(status) {
  document.body.dataset.connection = status;
  if (status === 'online') {
    offlineSince = null;
    banner('');
    const open = state.conversations.get(state.openId);
    if (open) { renderOpen(); markRead(open); }
    for (const conv of state.conversations.values()) flushDelivered(conv);
    retryFailedSends();
  } else if (status === 'offline' || (status === 'connecting' && offlineSince)) {
    offlineSince ??= Date.now();
    banner('Connection lost. Reconnecting…', 'warning');
  }
}

function banner(text, kind = 'info') {
  const b = $('banner');
  b.textContent = text;
  b.dataset.kind = kind;
  b.hidden = !text;
}

// ---------------------------------------------------------------- conversation list
function mergeSummary(summary, initial) {
  const known = state.conversations.has(summary.conversationId);
  const conv = conversation(summary.conversationId);
  conv.kind = summary.kind;
  conv.title = summary.title;
  const members = summary.members.map((m) => ({ userId: m.userId, admin: !!m.admin }));
  if (Date.now() - conv.membersChangedAt > MEMBERS_SETTLE_MS) {
    conv.members = members;
  } else {
    // the socket (or my own command) changed the members a moment ago: the read model may not have caught up
    conv.members.forEach((m) => { if (members.some((s) => s.userId === m.userId && s.admin)) m.admin = true; });
  }
  summary.members.forEach((m) => rememberUser(m.userId, m.displayName));
  if (summary.lastSeq >= conv.lastSeq) {
    conv.lastSeq = summary.lastSeq;
    if (summary.lastMessage) conv.lastMessage = summary.lastMessage;
    conv.unreadCount = summary.unreadCount;
  }
  conv.readUpTo = Math.max(conv.readUpTo, summary.readUpTo);
  conv.deliveredUpTo = Math.max(conv.deliveredUpTo, summary.deliveredUpTo);
  if (!conv.lastActivityAt || (summary.lastActivityAt && summary.lastActivityAt > conv.lastActivityAt)) {
    conv.lastActivityAt = summary.lastActivityAt;
  }
  // at start the socket resumes after what the list knows; messages up to there come from history
  if (initial || (!known && !socket?.connected)) conv.position = Math.max(conv.position, summary.lastSeq);
  if (conv.lastSeq > conv.deliveredUpTo) queueDelivered(conv, conv.lastSeq);
}

const MEMBERS_SETTLE_MS = 10_000;

async function loadConversations(initial = false) {
  // the list comes a page at a time: follow nextCursor to the end
  const summaries = [];
  let cursor = null;
  do {
    const page = await api.get(`/api/v1/conversations?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    summaries.push(...page.conversations);
    cursor = page.nextCursor;
  } while (cursor);
  summaries.forEach((summary) => mergeSummary(summary, initial));
  if (!initial) {
    // conversations I was removed from while away
    const ids = new Set(summaries.map((c) => c.conversationId));
    for (const conv of state.conversations.values()) {
      if (!ids.has(conv.id) && conv.lastSeq > 0 && conv.membersConfirmed) forget(conv.id);
    }
  }
  summaries.forEach((c) => { conversation(c.conversationId).membersConfirmed = true; });
  renderAll();
  // a conversation or member a moment old may not be in the read model yet: ask again (a few times) until every
  // member has a name, rather than showing "Direct chat" until a reload
  if (someoneUnnamed() && unnamedRetries < 5) refreshListSoon(400 * 2 ** unnamedRetries++);
  else if (!someoneUnnamed()) unnamedRetries = 0;
}

let unnamedRetries = 0;
const someoneUnnamed = () => [...state.conversations.values()].some((conv) =>
  conv.members.some((m) => m.userId !== state.me?.userId && !state.users.get(m.userId)?.displayName));

function refreshListSoon(delay = 400) {
  clearTimeout(listTimer);
  listTimer = setTimeout(() => loadConversations().catch(() => {}), delay);
}

// the list shows the chats whose name has what is typed in its search box
$('list-search').addEventListener('input', () => renderList(openConversation));

function forget(id) {
  state.conversations.delete(id);
  if (state.openId === id) { closeChat(); route(null, 'replace'); }
}

function renderAll() {
  renderList(openConversation);
  renderOpen();
  renderTitle();
}

/** The tab's title counts the chats with unread messages. */
function renderTitle() {
  const unread = [...state.conversations.values()].reduce((n, c) => n + (c.unreadCount > 0 ? 1 : 0), 0);
  document.title = unread ? `(${unread}) Parley` : 'Parley';
}

function renderOpen(options) {
  const conv = state.conversations.get(state.openId);
  if (!conv) return;
  renderHeader(conv);
  if (conv.oldestLoaded != null) renderMessages(conv, options);
}

// ---------------------------------------------------------------- realtime frames
function onFrame(frame) {
  switch (frame.type) {
    case 'message': onMessage(frame); break;
    case 'receipt': onReceipt(frame); break;
    case 'typing': onTyping(frame); break;
    case 'presence': onPresence(frame); break;
    case 'conversation': onConversation(frame); break;
    case 'error': if (frame.status === 429) banner('Slow down: too many actions at once.', 'warning'); break;
    default: break;
  }
}

function onMessage(frame) {
  const known = state.conversations.has(frame.conversationId);
  const conv = conversation(frame.conversationId);
  if (!known) refreshListSoon();
  conv.position = Math.max(conv.position, frame.seq);
  if (conv.messages.has(frame.seq)) return; // a duplicate (e.g. after a resume): nothing new
  const mine = frame.senderId === state.me.userId;
  const message = {
    seq: frame.seq, messageId: frame.messageId, senderId: frame.senderId, text: frame.text, media: frame.media,
    sentAt: frame.sentAt,
  };
  if (mine) {
    // my own send, coming back before its ack: the pending bubble becomes this message
    const pending = conv.pending.find((p) => p.messageId === frame.messageId)
      || conv.pending.find((p) => p.sent && !p.messageId && (p.text || null) === (frame.text || null)
        && (p.mediaId || null) === (frame.media?.mediaId || null));
    if (pending) settle(conv, pending, frame);
  }
  conv.messages.set(frame.seq, message);
  const isNew = frame.seq > conv.lastSeq;
  if (isNew) {
    conv.lastSeq = frame.seq;
    conv.lastMessage = { senderId: frame.senderId, text: frame.text, mediaType: frame.media?.mediaType, seq: frame.seq, sentAt: frame.sentAt };
    conv.lastActivityAt = frame.sentAt;
  }
  if (!mine) {
    conv.typing.delete(frame.senderId);
    queueDelivered(conv, frame.seq);
    if (frame.seq > conv.readUpTo) conv.unreadCount += 1;
  }
  renderAll();
  if (state.openId === conv.id) {
    markRead(conv);
    // a message that came while the reader looks further up: say so instead of moving the chat or marking it read
    if (!mine && !atBottom()) $('new-messages').hidden = false;
    renderTitle(); // the open chat's list item shows no badge: only the title count may change
  }
}

function onReceipt(frame) {
  const conv = state.conversations.get(frame.conversationId);
  if (!conv) return;
  const receipt = conv.receipts.get(frame.userId) || { delivered: 0, read: 0 };
  if (frame.deliveredUpTo != null) receipt.delivered = Math.max(receipt.delivered, frame.deliveredUpTo);
  if (frame.readUpTo != null) {
    receipt.read = Math.max(receipt.read, frame.readUpTo);
    receipt.delivered = Math.max(receipt.delivered, frame.readUpTo);
  }
  conv.receipts.set(frame.userId, receipt);
  if (frame.userId === state.me.userId) {
    // read on another of my devices
    conv.readUpTo = Math.max(conv.readUpTo, receipt.read);
    conv.deliveredUpTo = Math.max(conv.deliveredUpTo, receipt.delivered);
    if (conv.readUpTo >= conv.lastSeq) conv.unreadCount = 0;
  }
  renderAll();
}

function onTyping(frame) {
  const conv = state.conversations.get(frame.conversationId);
  if (!conv || frame.userId === state.me.userId) return;
  clearTimeout(conv.typing.get(frame.userId));
  if (frame.state === 'start') {
    // the server expires typing after ~5 s; a lost stop must not leave it on forever
    conv.typing.set(frame.userId, setTimeout(() => { conv.typing.delete(frame.userId); renderAll(); }, 7000));
  } else {
    conv.typing.delete(frame.userId);
  }
  renderAll();
}

function onPresence(frame) {
  const user = rememberUser(frame.userId);
  user.online = !!frame.online;
  user.lastSeen = frame.online ? null : (frame.lastSeen || user.lastSeen || new Date().toISOString());
  renderAll();
}

function onConversation(frame) {
  const id = frame.conversationId;
  if (frame.change === 'created') {
    const conv = conversation(id);
    conv.kind = frame.kind || conv.kind;
    conv.title = frame.title ?? conv.title;
    if (frame.members) {
      conv.members = frame.members.map((userId) => conv.members.find((m) => m.userId === userId) || { userId, admin: false });
    }
    conv.lastActivityAt ??= new Date().toISOString();
    conv.membersChangedAt = Date.now();
  } else if (frame.change === 'memberRemoved' && frame.userId === state.me.userId) {
    forget(id);
  } else {
    const conv = state.conversations.get(id);
    if (!conv) return refreshListSoon();
    const notice = (userId) => {
      const byMe = conv.ownChanges.delete(`${frame.change}:${userId}`);
      conv.notices.push({ change: frame.change, userId, byMe, afterSeq: conv.lastSeq, at: new Date().toISOString() });
    };
    if (frame.change === 'membersAdded') {
      for (const userId of frame.userIds || []) {
        if (!conv.members.some((m) => m.userId === userId)) conv.members.push({ userId, admin: false });
        notice(userId);
      }
    } else if (frame.change === 'memberRemoved') {
      conv.members = conv.members.filter((m) => m.userId !== frame.userId);
      notice(frame.userId);
    } else if (frame.change === 'adminAppointed') {
      conv.members.forEach((m) => { if (m.userId === frame.userId) m.admin = true; });
      notice(frame.userId);
    }
    conv.membersChangedAt = Date.now();
  }
  refreshListSoon(); // names of new members, previews
  renderAll();
  if ($('info-dialog').open) renderInfo();
}

// ---------------------------------------------------------------- watermarks
const visible = () => document.visibilityState === 'visible';

function queueDelivered(conv, seq) {
  conv.deliveredWanted = Math.max(conv.deliveredWanted || 0, seq);
  clearTimeout(conv.deliveredTimer);
  conv.deliveredTimer = setTimeout(() => flushDelivered(conv), 150);
}

function flushDelivered(conv) {
  const upTo = conv.deliveredWanted || 0;
  if (upTo > Math.max(conv.deliveredSent, conv.deliveredUpTo) && socket?.connected) {
    conv.deliveredSent = upTo;
    socket.send({ type: 'delivered', conversationId: conv.id, upToSeq: upTo });
  }
}

/** Read is what has been on screen while the tab was visible: up to the last message whose end the reader saw. */
function markRead(conv) {
  if (state.openId !== conv.id || !visible() || !socket?.connected) return;
  const upTo = Math.min(conv.lastSeq, lastVisibleSeq());
  if (upTo > conv.readUpTo) {
    conv.readUpTo = upTo;
    conv.deliveredUpTo = Math.max(conv.deliveredUpTo, upTo);
    socket.send({ type: 'read', conversationId: conv.id, upToSeq: upTo });
  }
  conv.unreadCount = [...conv.messages.values()]
    .filter((m) => m.seq > conv.readUpTo && m.senderId !== state.me.userId).length;
}

// the browser knows at once when the network goes or comes back: the socket follows (instead of a ping timeout)
window.addEventListener('offline', () => socket?.networkLost());
window.addEventListener('online', () => socket?.networkBack());

document.addEventListener('visibilitychange', () => {
  const conv = state.conversations.get(state.openId);
  if (conv && visible()) { markRead(conv); renderAll(); }
});

// ---------------------------------------------------------------- chat view
// ---------------------------------------------------------------- routing: the open chat is in the URL (?chat=<id>), so
// the back/forward buttons move between the list and chats and a reload keeps the place
const chatInUrl = () => new URLSearchParams(location.search).get('chat');

/** Puts the open chat (null: the list) in the URL: 'push' a history entry, 'replace' the current one. */
function route(id, how) {
  if (chatInUrl() === id) return;
  const url = id ? `${location.pathname}?chat=${encodeURIComponent(id)}` : location.pathname;
  if (how === 'push') history.pushState({ chat: id, inApp: true }, '', url);
  else history.replaceState({ chat: id, inApp: !!id && !!history.state?.inApp }, '', url);
}

/** Shows what the URL names: a chat of mine, or the list. */
function showRoute() {
  const id = chatInUrl();
  if (id && state.conversations.has(id)) openConversation(id, { how: 'none' });
  else {
    if (state.openId) closeChat();
    if (id) route(null, 'replace'); // not (or no longer) mine
  }
}

window.addEventListener('popstate', () => { if (state.me) showRoute(); });

async function openConversation(id, { how = 'push' } = {}) {
  const conv = state.conversations.get(id);
  if (!conv) return;
  // from one chat to the next replaces the entry: back from any chat goes to the list
  if (how !== 'none') route(id, how === 'push' && state.openId && history.state?.inApp ? 'replace' : how);
  if (state.openId !== id) {
    stopTyping();
    showComposerOf(id);
    const previous = state.conversations.get(state.openId);
    if (previous) previous.divider = null;
    // "n unread messages" above the first of them, for as long as the chat stays open
    conv.divider = conv.unreadCount > 0 ? { after: conv.readUpTo, count: conv.unreadCount } : null;
    $('new-messages').hidden = true;
  }
  state.openId = id;
  document.body.classList.add('chat-open');
  $('chat').hidden = false;
  $('no-chat').hidden = true;
  $('message-items').replaceChildren();
  renderAll();
  // on a touch screen focusing the composer would open the keyboard over the chat: the reader taps it when ready
  if (!matchMedia('(pointer: coarse)').matches) $('message-input').focus();
  try {
    if (conv.oldestLoaded == null) await loadLatest(conv);
    await loadReceipts(conv).catch(() => {}); // the receipt frames keep them current anyway
  } catch (e) {
    $('composer-error').textContent = e.message;
  }
  if (state.openId !== id) return;
  renderAll();
  renderMessages(conv, conv.divider ? { toDivider: true } : { keepBottom: true });
  markRead(conv);
  renderList(openConversation);
  fillViewport(conv);
}

function closeChat() {
  stopTyping();
  showComposerOf(null);
  const open = state.conversations.get(state.openId);
  if (open) open.divider = null;
  state.openId = null;
  document.body.classList.remove('chat-open');
  $('chat').hidden = true;
  $('no-chat').hidden = false;
  renderAll();
}

$('back').onclick = () => {
  const id = state.openId;
  // the chat was opened from the list in this tab: going back is the browser's back (so forward opens it again)
  if (history.state?.inApp) history.back(); else { closeChat(); route(null, 'push'); }
  document.querySelector(`#conversation-list [data-id="${CSS.escape(id || '')}"]`)?.focus();
};

function addHistory(conv, page) {
  // the names of the page's senders, also of people who have left (no longer in the member list)
  Object.entries(page.senders || {}).forEach(([userId, name]) => rememberUser(userId, name));
  for (const m of page.messages) {
    if (!conv.messages.has(m.seq)) {
      conv.messages.set(m.seq, {
        seq: m.seq, messageId: m.messageId, senderId: m.senderId, text: m.text, media: m.media, sentAt: m.sentAt,
        status: m.status,
      });
    } else if (m.status) {
      conv.messages.get(m.seq).status = m.status;
    }
  }
  if (page.lastSeq > conv.lastSeq) conv.lastSeq = page.lastSeq;
}

/**
 * The newest page of history. A conversation created a moment ago may not be in the read model yet (404/403):
 * show what the socket brought and try again shortly.
 */
async function loadLatest(conv, attempt = 0) {
  let page;
  try {
    page = await api.get(`/api/v1/conversations/${conv.id}/messages?limit=${PAGE}`);
  } catch (e) {
    if ((e.status === 404 || e.status === 403) && attempt < 6) {
      if (conv.oldestLoaded == null) {
        conv.oldestLoaded = Math.min(conv.lastSeq + 1, ...conv.messages.keys());
        conv.hasOlder = conv.oldestLoaded > 1;
      }
      setTimeout(() => loadLatest(conv, attempt + 1)
        .then(() => loadReceipts(conv))
        .then(() => { if (state.openId === conv.id) renderOpen(); })
        .catch(() => {}), 250 * 2 ** attempt);
      return;
    }
    throw e;
  }
  addHistory(conv, page);
  const seqs = page.messages.map((m) => m.seq);
  conv.oldestLoaded = seqs.length ? Math.min(...seqs) : (page.lastSeq + 1);
  conv.hasOlder = page.hasOlder;
  // close a gap between this page and what the socket brought meanwhile (the read model may lag a little)
  const top = Math.max(0, ...conv.messages.keys());
  let after = seqs.length ? Math.max(...seqs) : page.lastSeq;
  while (after < top && [...Array(top - after).keys()].some((i) => !conv.messages.has(after + 1 + i))) {
    const next = await api.get(`/api/v1/conversations/${conv.id}/messages?after=${after}&limit=200`);
    addHistory(conv, next);
    if (!next.messages.length) break;
    after = Math.max(...next.messages.map((m) => m.seq));
  }
}

async function loadOlder(conv) {
  if (conv.loadingOlder || !conv.hasOlder || conv.oldestLoaded == null) return;
  conv.loadingOlder = true;
  renderMessages(conv);
  try {
    const page = await api.get(`/api/v1/conversations/${conv.id}/messages?before=${conv.oldestLoaded}&limit=${PAGE}`);
    addHistory(conv, page);
    if (page.messages.length) conv.oldestLoaded = Math.min(...page.messages.map((m) => m.seq));
    conv.hasOlder = page.hasOlder && page.messages.length > 0;
  } catch (e) {
    $('composer-error').textContent = e.message;
  } finally {
    conv.loadingOlder = false;
  }
  if (state.openId === conv.id) { renderMessages(conv); fillViewport(conv); }
}

function fillViewport(conv) {
  const box = $('messages');
  if (conv.hasOlder && box.scrollHeight <= box.clientHeight + 100) loadOlder(conv);
}

let readTimer = null;
$('messages').addEventListener('scroll', () => {
  const conv = state.conversations.get(state.openId);
  if (conv && $('messages').scrollTop < 150) loadOlder(conv);
  showScrollButtons();
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    const open = state.conversations.get(state.openId);
    if (open) { markRead(open); renderTitle(); }
  }, 100);
}, { passive: true });

function showScrollButtons() {
  const box = $('messages');
  const bottom = atBottom();
  if (bottom) $('new-messages').hidden = true;
  $('jump-to-bottom').hidden = box.scrollHeight - box.scrollTop - box.clientHeight < Math.max(300, box.clientHeight / 2);
}

$('new-messages').onclick = () => { scrollToBottom(); $('message-input').focus({ preventScroll: true }); };
$('jump-to-bottom').onclick = () => scrollToBottom();

async function loadReceipts(conv) {
  const receipts = await api.get(`/api/v1/conversations/${conv.id}/receipts`);
  for (const r of receipts.members) {
    const current = conv.receipts.get(r.userId) || { delivered: 0, read: 0 };
    conv.receipts.set(r.userId, {
      delivered: Math.max(current.delivered, r.deliveredUpTo, r.readUpTo), read: Math.max(current.read, r.readUpTo),
    });
  }
}

// ---------------------------------------------------------------- typing
let typingSentAt = 0;
let typingStopTimer = null;
let typingIn = null;

function typing() {
  const id = state.openId;
  if (!id || !socket?.connected) return;
  if (typingIn !== id || Date.now() - typingSentAt > 3000) {
    socket.send({ type: 'typing', conversationId: id, state: 'start' });
    typingSentAt = Date.now();
    typingIn = id;
  }
  clearTimeout(typingStopTimer);
  typingStopTimer = setTimeout(stopTyping, 4000);
}

function stopTyping() {
  clearTimeout(typingStopTimer);
  if (typingIn && socket?.connected) socket.send({ type: 'typing', conversationId: typingIn, state: 'stop' });
  typingIn = null;
  typingSentAt = 0;
}

// ---------------------------------------------------------------- sending
const input = $('message-input');

// drafts are per conversation and kept across reloads (in this browser, per account)
const draftsKey = () => `parley.drafts.${state.me?.userId}`;

function drafts() {
  try { return JSON.parse(localStorage.getItem(draftsKey())) || {}; } catch { return {}; }
}

function saveDraft(conversationId, text) {
  if (!conversationId || !state.me) return;
  const all = drafts();
  if (text.trim()) all[conversationId] = text; else delete all[conversationId];
  localStorage.setItem(draftsKey(), JSON.stringify(all));
}

/** The composer of this conversation (null: none): its draft and the attachment picked there. */
function showComposerOf(conversationId) {
  input.value = conversationId ? (drafts()[conversationId] || '') : '';
  autosize();
  const attachment = conversationId ? composerUploads.get(conversationId) : null;
  delete $('composer-error').dataset.kind;
  $('composer-error').textContent = '';
  checkLength();
  $('uploads').replaceChildren(...(attachment ? [composerView(attachment)] : []));
}

function autosize() {
  const keepBottom = atBottom(); // a growing composer must not push the last messages out of view
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
  input.style.overflowY = input.scrollHeight > 140 ? 'auto' : 'hidden';
  if (keepBottom) scrollToBottom();
}

const MAX_TEXT = 4096; // the server's limit (text-invalid beyond)

/** A text over the limit is kept whole (nothing cut silently) but cannot be sent: the composer says by how much. */
function checkLength() {
  const over = input.value.trim().length - MAX_TEXT;
  input.setAttribute('aria-invalid', String(over > 0));
  $('send').disabled = over > 0;
  const error = $('composer-error');
  if (over > 0) {
    error.dataset.kind = 'length';
    error.textContent = `This message is ${over} character${over === 1 ? '' : 's'} too long: at most ${MAX_TEXT} can be sent.`;
  } else if (error.dataset.kind === 'length') {
    error.textContent = '';
    delete error.dataset.kind;
  }
  return over <= 0;
}

input.addEventListener('input', () => {
  autosize();
  checkLength();
  saveDraft(state.openId, input.value);
  if (input.value.trim()) typing(); else stopTyping();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('composer').requestSubmit();
  }
});

$('composer').onsubmit = (event) => {
  event.preventDefault();
  const conv = state.conversations.get(state.openId);
  if (!conv) return;
  const text = input.value.trim();
  const attachment = composerUploads.get(conv.id);
  if (!text && !attachment) return;
  if (!checkLength()) return;
  input.value = '';
  autosize();
  saveDraft(conv.id, '');
  stopTyping();
  composerUploads.delete(conv.id);
  $('uploads').replaceChildren();
  $('composer-error').textContent = '';
  send(conv, text || null, attachment);
};

function send(conv, text, attachment) {
  const pending = {
    clientMessageId: crypto.randomUUID(), senderId: state.me.userId, text, sentAt: new Date().toISOString(),
    pendingStatus: 'pending', sent: false,
  };
  if (attachment) {
    pending.upload = attachment;
    attachment.element = uploadView(attachment, { inBubble: true });
  }
  conv.pending.push(pending);
  renderMessages(conv, { keepBottom: true });
  transmit(conv, pending);
}

async function transmit(conv, pending) {
  pending.pendingStatus = 'pending';
  pending.error = null;
  if (state.openId === conv.id) renderMessages(conv);
  try {
    if (pending.upload && !pending.mediaId) {
      const media = await pending.upload.promise;
      pending.mediaId = media.mediaId;
      pending.media = { mediaId: media.mediaId, mediaType: media.mediaType, contentType: media.contentType, size: media.size, hasThumbnail: false };
    }
    pending.sent = true;
    const ack = await socket.request({
      type: 'send', conversationId: conv.id, clientMessageId: pending.clientMessageId,
      ...(pending.text ? { text: pending.text } : {}), ...(pending.mediaId ? { mediaId: pending.mediaId } : {}),
    });
    if (conv.pending.includes(pending)) settle(conv, pending, ack);
    renderAll();
  } catch (failure) {
    if (failure?.type === 'error' && failure.status === 503 && conv.pending.includes(pending)) {
      // the send's error frame says outage, not refusal: the same clientMessageId again after retryAfter seconds
      setTimeout(() => { if (conv.pending.includes(pending)) transmit(conv, pending); }, retryDelay(failure));
      return;
    }
    pending.pendingStatus = 'failed';
    pending.error = failure?.cancelled ? 'Upload cancelled.' : (failure?.detail || failure?.message || 'Not sent.');
    pending.retry = failure?.cancelled ? null : () => transmit(conv, pending);
    if (state.openId === conv.id) renderMessages(conv);
  }
}

/** The server's retryAfter (seconds), a few seconds when it names none. */
function retryDelay(failure) {
  const seconds = Number.isFinite(failure?.retryAfter) && failure.retryAfter > 0 ? failure.retryAfter : 3;
  return Math.min(seconds, 60) * 1000;
}

/** A pending send is stored (ack or its own message frame): it becomes the message at its seq. */
function settle(conv, pending, stored) {
  conv.pending = conv.pending.filter((p) => p !== pending);
  pending.messageId = stored.messageId;
  const seq = stored.seq;
  if (!conv.messages.has(seq)) {
    conv.messages.set(seq, {
      seq, messageId: stored.messageId, senderId: state.me.userId, text: pending.text, media: pending.media,
      sentAt: stored.sentAt || pending.sentAt,
    });
  }
  adopt(`p${pending.clientMessageId}`, `s${seq}`);
  if (pending.media) attachMedia(`s${seq}`, pending.media);
  if (seq > conv.lastSeq) {
    conv.lastSeq = seq;
    conv.lastMessage = { senderId: state.me.userId, text: pending.text, mediaType: pending.media?.mediaType, seq, sentAt: stored.sentAt };
    conv.lastActivityAt = stored.sentAt || pending.sentAt;
  }
}

function retryFailedSends() {
  for (const conv of state.conversations.values()) {
    for (const p of conv.pending) if (p.pendingStatus === 'failed' && p.retry && !p.upload?.failed) p.retry();
  }
}

// ---------------------------------------------------------------- media attachments
$('attach').onclick = () => $('file-input').click(); // a button: reachable and usable by keyboard
$('file-input').addEventListener('change', () => {
  const file = $('file-input').files[0];
  $('file-input').value = '';
  if (file) attach(file);
});

// a file pasted into the composer or dropped on the chat is attached like a picked one
input.addEventListener('paste', (event) => {
  const file = event.clipboardData?.files[0];
  if (file) { event.preventDefault(); attach(file); }
});
const carriesFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');
$('chat').addEventListener('dragover', (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  $('chat').classList.add('drop-target');
});
$('chat').addEventListener('dragleave', (event) => {
  if (!$('chat').contains(event.relatedTarget)) $('chat').classList.remove('drop-target');
});
$('chat').addEventListener('drop', (event) => {
  $('chat').classList.remove('drop-target');
  const file = event.dataTransfer?.files[0];
  if (file) { event.preventDefault(); attach(file); }
});

function attach(file) {
  const error = $('composer-error');
  error.textContent = '';
  let kind;
  try {
    kind = classify(file);
  } catch (e) {
    error.textContent = e.message;
    return;
  }
  const conversationId = state.openId;
  if (!conversationId) return;
  composerUploads.get(conversationId)?.cancel();
  const attachment = { file, kind, progress: 0, listeners: new Set(), failed: false, conversationId };
  const handle = upload(file, kind, (fraction) => {
    attachment.progress = fraction;
    attachment.listeners.forEach((listener) => listener());
  });
  attachment.cancel = handle.cancel;
  attachment.promise = handle.promise.then((media) => {
    attachment.done = true;
    attachment.listeners.forEach((listener) => listener());
    return media;
  }, (failure) => {
    attachment.failed = true;
    attachment.error = failure.cancelled ? 'Upload cancelled.' : `Upload failed: ${failure.message}`;
    attachment.listeners.forEach((listener) => listener());
    if (state.openId === conversationId && composerUploads.get(conversationId) === attachment && !failure.cancelled) {
      error.textContent = attachment.error;
    }
    throw failure;
  });
  attachment.promise.catch(() => {});
  composerUploads.set(conversationId, attachment);
  $('uploads').replaceChildren(composerView(attachment));
  input.focus();
}

function composerView(attachment) {
  attachment.composerView ??= uploadView(attachment, { inBubble: false });
  return attachment.composerView;
}

function uploadView(attachment, { inBubble }) {
  const { file } = attachment;
  const image = attachment.kind.mediaType === 'image';
  const preview = image ? el('img', { class: 'upload-preview', alt: '', src: URL.createObjectURL(file) }) : icon('file', 'icon file-icon');
  const bar = el('progress', { max: '100', value: '0', 'aria-label': `Uploading ${file.name}` });
  const label = el('span', { class: 'upload-label' });
  // in the composer the attachment can be removed until it is sent (uploading or not); in a bubble, the upload cancelled
  const cancel = inBubble ? el('button', {
    type: 'button', class: 'icon-button cancel-upload', 'aria-label': `Cancel upload of ${file.name}`, title: 'Cancel upload',
    onclick: () => attachment.cancel(),
  }, icon('close')) : el('button', {
    type: 'button', class: 'icon-button remove-attachment', 'aria-label': `Remove attachment ${file.name}`, title: 'Remove attachment',
    onclick: () => {
      if (!attachment.done) attachment.cancel();
      composerUploads.delete(attachment.conversationId);
      if (state.openId === attachment.conversationId) $('uploads').replaceChildren();
      input.focus();
    },
  }, icon('close'));
  const view = el('div', { class: `upload${inBubble ? ' in-bubble' : ''}`, 'data-file': file.name }, preview,
    el('div', { class: 'upload-info' }, el('span', { class: 'upload-name', text: `${file.name} · ${formatSize(file.size)}` }), bar, label),
    cancel);
  const paint = () => {
    const percent = Math.round(attachment.progress * 100);
    bar.value = percent;
    if (attachment.failed) { label.textContent = attachment.error; view.dataset.state = 'failed'; cancel.hidden = inBubble; bar.hidden = true; }
    else if (attachment.done) { label.textContent = 'Uploaded'; view.dataset.state = 'done'; cancel.hidden = inBubble; }
    else { label.textContent = `${percent}%`; view.dataset.state = 'uploading'; }
  };
  attachment.listeners.add(paint);
  paint();
  return view;
}

// ---------------------------------------------------------------- dialogs
for (const dialog of document.querySelectorAll('dialog')) {
  dialog.querySelectorAll('.cancel').forEach((b) => { b.onclick = () => dialog.close(); });
  dialog.addEventListener('close', () => { dialog.querySelectorAll('.error').forEach((e) => { e.textContent = ''; }); });
}

async function lookup(username) {
  const name = username.trim().replace(/^@/, '').toLowerCase();
  if (!name) throw new Error('Enter a username.');
  // a 404 means no such user: said at once (someone who registered a moment ago is found when asked again)
  try {
    const user = await api.get(`/api/v1/users/${encodeURIComponent(name)}`);
    rememberUser(user.userId, user.displayName);
    return user;
  } catch (e) {
    throw e.status === 404 ? new Error(`There is no user “${name}”.`) : e;
  }
}

/** A dialog's submit, once at a time: its submit button is disabled and the form busy meanwhile (no double groups). */
async function busy(form, task) {
  if (form.getAttribute('aria-busy') === 'true') return;
  const submit = form.querySelector('[type="submit"]');
  form.setAttribute('aria-busy', 'true');
  submit.disabled = true;
  try {
    await task();
  } finally {
    form.removeAttribute('aria-busy');
    submit.disabled = false;
  }
}

async function ensureListed(conversationId) {
  if (!state.conversations.has(conversationId) || !state.conversations.get(conversationId).members.length) {
    await loadConversations().catch(() => {});
  }
}

$('new-chat').onclick = () => { $('new-chat-form').reset(); $('new-chat-dialog').showModal(); };
$('new-chat-form').onsubmit = (event) => {
  event.preventDefault();
  busy($('new-chat-form'), startChat);
};

async function startChat() {
  const error = $('new-chat-form').querySelector('.error');
  error.textContent = '';
  try {
    const user = await lookup($('new-chat-username').value);
    if (user.userId === state.me.userId) throw new Error('That is you. Pick someone else.');
    const { conversationId } = await api.post('/api/v1/conversations/direct', { peerUserId: user.userId });
    const conv = conversation(conversationId);
    conv.kind = 'DIRECT';
    if (!conv.members.length) {
      conv.members = [{ userId: state.me.userId, admin: false }, { userId: user.userId, admin: false }];
      conv.lastActivityAt ??= new Date().toISOString();
      conv.membersChangedAt = Date.now();
    }
    $('new-chat-dialog').close();
    await ensureListed(conversationId);
    openConversation(conversationId);
  } catch (e) {
    error.textContent = e.message;
  }
}

$('new-group').onclick = () => { $('new-group-form').reset(); $('new-group-dialog').showModal(); };
$('new-group-form').onsubmit = (event) => {
  event.preventDefault();
  busy($('new-group-form'), createGroup);
};

async function createGroup() {
  const error = $('new-group-form').querySelector('.error');
  error.textContent = '';
  try {
    const title = $('new-group-name').value.trim();
    if (!title) throw new Error('Give the group a name.');
    const names = $('new-group-members').value.split(/[,\s]+/).filter(Boolean);
    const users = await Promise.all(names.map(lookup));
    const { conversationId } = await api.post('/api/v1/conversations/groups', {
      title, memberIds: users.map((u) => u.userId).filter((id) => id !== state.me.userId),
    });
    const conv = conversation(conversationId);
    conv.kind = 'GROUP';
    conv.title ??= title;
    if (!conv.members.length) {
      conv.members = [{ userId: state.me.userId, admin: true }, ...users.map((u) => ({ userId: u.userId, admin: false }))];
      conv.lastActivityAt ??= new Date().toISOString();
    }
    // the creator is admin; the socket's `created` frame (which may come first) does not say who is
    const me = conv.members.find((m) => m.userId === state.me.userId);
    if (me) me.admin = true; else conv.members.unshift({ userId: state.me.userId, admin: true });
    conv.membersChangedAt = Date.now();
    $('new-group-dialog').close();
    await ensureListed(conversationId);
    openConversation(conversationId);
  } catch (e) {
    error.textContent = e.message;
  }
}

function renderInfo() {
  const conv = state.conversations.get(state.openId);
  if (!conv) { $('info-dialog').close(); return; }
  const admin = isGroup(conv) && isAdmin(conv);
  $('info-title').textContent = titleOf(conv);
  $('info-members').replaceChildren(...conv.members.map((m) => el('li', {},
    el('span', { class: 'member-name', text: m.userId === state.me.userId ? 'You' : displayName(m.userId) }),
    m.admin ? el('span', { class: 'tag', text: 'admin' }) : null,
    admin && m.userId !== state.me.userId ? el('button', {
      type: 'button', class: 'link danger remove-member', 'aria-label': `Remove ${displayName(m.userId)}`,
      onclick: (event) => changeMembers(conv, event.currentTarget, `memberRemoved:${m.userId}`, async () => {
        await api.del(`/api/v1/conversations/${conv.id}/members/${m.userId}`);
        conv.members = conv.members.filter((member) => member.userId !== m.userId);
      }),
    }, 'Remove') : null)));
  $('add-member-form').hidden = !admin;
  $('leave-group').hidden = !isGroup(conv);
}

/**
 * A membership change of mine: the button is busy meanwhile, and the members change here as soon as the server
 * accepted it (the read model may lag behind; its socket frame becomes the system line "You …").
 */
async function changeMembers(conv, button, intent, action) {
  const error = $('info-dialog').querySelector('.error');
  error.textContent = '';
  if (button) button.disabled = true;
  const intents = [].concat(intent);
  intents.forEach((i) => conv.ownChanges.add(i));
  try {
    await action();
    conv.membersChangedAt = Date.now();
    renderAll();
    if ($('info-dialog').open) renderInfo();
    refreshListSoon(); // names of new members
  } catch (e) {
    intents.forEach((i) => conv.ownChanges.delete(i));
    error.textContent = e.message;
  } finally {
    if (button) button.disabled = false;
  }
}

$('chat-info').onclick = () => { renderInfo(); $('info-dialog').showModal(); };
$('add-member-form').onsubmit = (event) => {
  event.preventDefault();
  const conv = state.conversations.get(state.openId);
  const button = $('add-member-form').querySelector('button');
  button.disabled = true;
  lookup($('add-member-username').value).then((user) => changeMembers(conv, button, `membersAdded:${user.userId}`, async () => {
    await api.post(`/api/v1/conversations/${conv.id}/members`, { userIds: [user.userId] });
    if (!conv.members.some((m) => m.userId === user.userId)) conv.members.push({ userId: user.userId, admin: false });
    $('add-member-username').value = '';
  }), (e) => { $('info-dialog').querySelector('.error').textContent = e.message; })
    .finally(() => { button.disabled = false; });
};
$('leave-group').onclick = async () => {
  const conv = state.conversations.get(state.openId);
  if (!conv || !confirm(`Leave “${titleOf(conv)}”?`)) return;
  try {
    await api.del(`/api/v1/conversations/${conv.id}/members/${state.me.userId}`);
    $('info-dialog').close();
    forget(conv.id);
    renderAll();
  } catch (e) {
    $('info-dialog').querySelector('.error').textContent = e.message;
  }
};
$('viewer').addEventListener('click', (event) => { if (event.target === $('viewer')) $('viewer').close(); });

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
