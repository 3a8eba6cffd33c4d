// The conversation list's data: loaded a page at a time from the read model, merged with what the socket brought;
// rendering the whole page (list, open chat, title).
import { api } from './api.js';
import { conversation, rememberUser, state } from './state.js';
import { $ } from './ui.js';
import { renderList } from './conversations.js';
import { renderHeader, renderMessages } from './chat.js';
import { closeChat, openConversation, route } from './chat-view.js';
import { queueDelivered, socket } from './realtime.js';
import { reflectRequest } from './requests.js';

let listTimer = null;

function mergeSummary(summary, initial) {
  const known = state.conversations.has(summary.conversationId);
  const conv = conversation(summary.conversationId);
  conv.kind = summary.kind;
  conv.title = summary.title;
  conv.group = summary.group ?? null; // description, onlyAdminsSend, inviteLink, invited to admins (group-settings.js)
  (summary.group?.invited || []).forEach((i) => rememberUser(i.userId, i.displayName));
  const invited = new Set((summary.group?.invited || []).map((i) => i.userId));
  const wasRequest = conv.request;
  conv.request = !!summary.request; // a message request or group invitation to me (requests.js)
  conv.invitedBy = summary.invitedBy?.userId ?? null; // a group invitation: who invited me (no member yet)
  if (summary.invitedBy) rememberUser(summary.invitedBy.userId, summary.invitedBy.displayName);
  // the chat may have been opened from the socket's frames before the read model said it is a request
  if (conv.request !== wasRequest && state.openId === conv.id) reflectRequest(conv);
  const members = summary.members.map((m) => ({ userId: m.userId, admin: !!m.admin }));
  if (Date.now() - conv.membersChangedAt > MEMBERS_SETTLE_MS) {
    conv.members = members;
  } else {
    // the socket (or my own command) changed the members a moment ago: the read model may not have caught up
    conv.members.forEach((m) => { if (members.some((s) => s.userId === m.userId && s.admin)) m.admin = true; });
    // one I just added who never talked with me is invited, not a member
    conv.members = conv.members.filter((m) => !invited.has(m.userId));
  }
  summary.members.forEach((m) => rememberUser(m.userId, m.displayName));
  if (summary.lastSeq >= conv.lastSeq) {
    conv.lastSeq = summary.lastSeq;
    if (summary.lastMessage) conv.lastMessage = summary.lastMessage;
    conv.unreadCount = summary.unreadCount;
    conv.mentioned = !!summary.mentioned;
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

export async function loadConversations(initial = false, consistency = undefined) {
  // the list comes a page at a time: follow nextCursor to the end
  const summaries = [];
  let cursor = null;
  do {
    const page = await api.get(`/api/v1/conversations?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { consistency });
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

export function refreshListSoon(delay = 400) {
  clearTimeout(listTimer);
  listTimer = setTimeout(() => loadConversations().catch(() => {}), delay);
}

// the list shows the chats whose name has what is typed in its search box
$('list-search').addEventListener('input', () => renderList(openConversation));

export function forget(id) {
  state.conversations.delete(id);
  if (state.openId === id) { closeChat(); route(null, 'replace'); }
}

export function renderAll() {
  renderList(openConversation);
  renderOpen();
  renderTitle();
}

/** The tab's title counts the chats with unread messages. */
export function renderTitle() {
  const unread = [...state.conversations.values()].reduce((n, c) => n + (c.unreadCount > 0 ? 1 : 0), 0);
  document.title = unread ? `(${unread}) Parley` : 'Parley';
}

export function renderOpen(options) {
  const conv = state.conversations.get(state.openId);
  if (!conv) return;
  renderHeader(conv);
  if (conv.oldestLoaded != null) renderMessages(conv, options);
}
