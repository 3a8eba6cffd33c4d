// The client's state: conversations (with the messages this tab has seen), users' names and presence.
export const state = {
  me: null,                 // {userId, username}
  conversations: new Map(), // id -> conversation (see conversation())
  users: new Map(),         // userId -> {displayName, online, lastSeen}
  openId: null,
};

export function conversation(id) {
  let conv = state.conversations.get(id);
  if (!conv) {
    conv = {
      id, kind: 'DIRECT', title: null, members: [], lastMessage: null, lastSeq: 0, readUpTo: 0, deliveredUpTo: 0,
      unreadCount: 0, lastActivityAt: null,
      position: 0,            // last seq this device got over the socket (or knew at start): the resume position
      messages: new Map(),    // seq -> message
      oldestLoaded: null,     // lowest seq of the loaded history, null until the chat was opened
      hasOlder: false,
      receipts: new Map(),    // userId -> {delivered, read}
      typing: new Map(),      // userId -> timeout
      pending: [],            // optimistic sends
      deliveredSent: 0,
      notices: [],            // system lines (membership changes seen live): {change, userId, byMe, afterSeq, at}
      ownChanges: new Set(),  // membership changes this tab asked for ('added:<id>', 'removed:<id>'), until their frame
      membersChangedAt: 0,    // when a frame or my own command last changed the members (newer than the read model)
    };
    state.conversations.set(id, conv);
  }
  return conv;
}

export const isGroup = (conv) => String(conv.kind).toUpperCase() === 'GROUP';

export function displayName(userId) {
  if (userId === state.me?.userId) return 'You';
  return state.users.get(userId)?.displayName || 'Someone';
}

export function peerOf(conv) {
  if (isGroup(conv)) return null;
  return conv.members.find((m) => m.userId !== state.me.userId)?.userId || null;
}

export function titleOf(conv) {
  if (isGroup(conv)) return conv.title || 'Group';
  const peer = peerOf(conv);
  return peer ? (state.users.get(peer)?.displayName || 'Direct chat') : 'Direct chat';
}

export function isAdmin(conv, userId = state.me.userId) {
  return conv.members.some((m) => m.userId === userId && m.admin);
}

export function rememberUser(userId, displayName) {
  const user = state.users.get(userId) || { online: false, lastSeen: null };
  if (displayName) user.displayName = displayName;
  state.users.set(userId, user);
  return user;
}

/** My own message's status: read / delivered when every other member's watermark covers it. */
export function statusOf(conv, message) {
  const others = conv.members.filter((m) => m.userId !== state.me.userId);
  let status = message.status || 'sent';
  if (others.length) {
    const all = (field) => others.every((m) => (conv.receipts.get(m.userId)?.[field] || 0) >= message.seq);
    if (all('read')) status = 'read';
    else if (all('delivered') && status !== 'read') status = 'delivered';
  }
  return status;
}

export function seenBy(conv, message) {
  return conv.members
    .filter((m) => m.userId !== state.me.userId && (conv.receipts.get(m.userId)?.read || 0) >= message.seq)
    .map((m) => displayName(m.userId));
}

/** A system line's words, with names as known now. */
export function noticeText(notice) {
  if (notice.text) return notice.text(); // a system line from history or a `group` frame (group-settings.js)
  const name = displayName(notice.userId);
  const me = notice.userId === state.me?.userId;
  switch (notice.change) {
    case 'membersAdded': return notice.byMe ? `You added ${name}` : me ? 'You were added' : `${name} was added`;
    case 'memberRemoved': return notice.byMe ? `You removed ${name}` : `${name} is no longer in the group`;
    case 'adminAppointed': return me ? 'You are now an admin' : `${name} is now an admin`;
    default: return '';
  }
}

export function initials(name) {
  return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export const formatTime = (iso) => (iso ? timeFormat.format(new Date(iso)) : '');

function dayDiff(date) {
  const start = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((start(new Date()) - start(date)) / 86_400_000);
}

export function dayLabel(iso) {
  const date = new Date(iso);
  const diff = dayDiff(date);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  return dateFormat.format(date);
}

export function listTime(iso) {
  if (!iso) return '';
  const diff = dayDiff(new Date(iso));
  if (diff === 0) return formatTime(iso);
  if (diff === 1) return 'Yesterday';
  return shortDate.format(new Date(iso));
}

export function lastSeenText(user) {
  if (!user) return '';
  if (user.online) return 'online';
  if (!user.lastSeen) return '';
  const diff = dayDiff(new Date(user.lastSeen));
  const at = formatTime(user.lastSeen);
  if (diff === 0) return `last seen today at ${at}`;
  if (diff === 1) return `last seen yesterday at ${at}`;
  return `last seen ${shortDate.format(new Date(user.lastSeen))} at ${at}`;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) node.append(child);
  }
  return node;
}
