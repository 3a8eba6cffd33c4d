// The open chat: routing (?chat=<id>), opening and closing, its history a page at a time, scrolling and the
// new-messages pill / jump button.
import { api } from './api.js';
import { rememberUser, state } from './state.js';
import { $ } from './ui.js';
import { renderList } from './conversations.js';
import { atBottom, invalidate, renderMessages, scrollToBottom } from './chat.js';
import * as actions from './message-actions.js';
import { renderAll, renderOpen, renderTitle } from './list.js';
import { showComposerOf, stopTyping } from './composer.js';
import { markRead } from './realtime.js';
import { adoptSystemLines, reflectSendPolicy } from './group-settings.js';
import { reflectRequest } from './requests.js';

const PAGE = 30;
// the API's largest history page (GetHistory.MAX_LIMIT), for a hole that is fetched whole rather than shown a page at
// a time: up to 1,000 missing messages in one request
const FILL_PAGE = 1000;

// ---------------------------------------------------------------- routing: the open chat is in the URL (?chat=<id>), so
// the back/forward buttons move between the list and chats and a reload keeps the place
const chatInUrl = () => new URLSearchParams(location.search).get('chat');

/** Puts the open chat (null: the list) in the URL: 'push' a history entry, 'replace' the current one. */
export function route(id, how) {
  if (chatInUrl() === id) return;
  const url = id ? `${location.pathname}?chat=${encodeURIComponent(id)}` : location.pathname;
  if (how === 'push') history.pushState({ chat: id, inApp: true }, '', url);
  else history.replaceState({ chat: id, inApp: !!id && !!history.state?.inApp }, '', url);
}

/** Shows what the URL names: a chat of mine, or the list. */
export function showRoute() {
  const id = chatInUrl();
  if (id && state.conversations.has(id)) openConversation(id, { how: 'none' });
  else {
    if (state.openId) closeChat();
    if (id) route(null, 'replace'); // not (or no longer) mine
  }
}

window.addEventListener('popstate', () => { if (state.me) showRoute(); });

export async function openConversation(id, { how = 'push' } = {}) {
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
  reflectSendPolicy(conv);
  reflectRequest(conv);
  document.body.classList.add('chat-open');
  $('chat').hidden = false;
  $('no-chat').hidden = true;
  $('message-items').replaceChildren();
  renderAll();
  if (conv.invitedBy) return; // a group invitation: no member yet, nothing to load or mark read (requests.js)
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

export function closeChat() {
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
      conv.messages.set(m.seq, actions.copyActionFields({
        seq: m.seq, messageId: m.messageId, senderId: m.senderId, text: m.text, media: m.media, sentAt: m.sentAt,
        status: m.status,
      }, m));
    } else {
      const known = conv.messages.get(m.seq);
      if (m.status) known.status = m.status;
      actions.copyActionFields(known, m);
      known.text = m.text;
      invalidate(`s${m.seq}`);
    }
  }
  actions.noteChange(conv, page.lastChange);
  adoptSystemLines(conv, page);
  if (page.lastSeq > conv.lastSeq) conv.lastSeq = page.lastSeq;
}

/**
 * The newest page of history. One I just created comes with its command's token (conv.consistency), so the answer
 * waits until the read model has it; one someone else created a moment ago may not be in the read model yet
 * (404/403): show what the socket brought and try again shortly.
 */
async function loadLatest(conv, attempt = 0) {
  let page;
  try {
    page = await api.get(`/api/v1/conversations/${conv.id}/messages?limit=${PAGE}`, { consistency: conv.consistency });
    delete conv.consistency;
  } catch (e) {
    if ((e.status === 404 || e.status === 403 || (e.status === 503 && conv.consistency)) && attempt < 6) {
      delete conv.consistency;
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
  // close a gap between this page and what the socket brought meanwhile (the read model may lag a little; after a
  // `gap` frame, the hole may be all of the gap)
  const top = Math.max(0, ...conv.messages.keys());
  let after = seqs.length ? Math.max(...seqs) : page.lastSeq;
  while (after < top && [...Array(top - after).keys()].some((i) => !conv.messages.has(after + 1 + i))) {
    const next = await api.get(`/api/v1/conversations/${conv.id}/messages?after=${after}&limit=${FILL_PAGE}`);
    addHistory(conv, next);
    if (!next.messages.length) break;
    after = Math.max(...next.messages.map((m) => m.seq));
  }
}

// a resume after a long absence left seqs fromSeq..toSeq out (docs/protocol.md, `gap`): forget what was loaded, so
// that the chat reloads its history over REST (newest first, older on scroll) instead of showing a hole
export function onGap(frame) {
  const conv = state.conversations.get(frame.conversationId);
  if (!conv) return;
  conv.messages.clear();
  conv.oldestLoaded = null;
  conv.hasOlder = frame.fromSeq > 1;
  if (state.openId === conv.id) openConversation(conv.id);
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
