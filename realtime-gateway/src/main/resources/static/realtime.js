// The socket and its frames: messages, receipts, typing, presence and membership changes as they happen, and the
// delivered/read watermarks this device sends.
import { Socket } from './socket.js';
import { conversation, rememberUser, state } from './state.js';
import { $, banner } from './ui.js';
import { atBottom, lastVisibleSeq, invalidate } from './chat.js';
import * as actions from './message-actions.js';
import { forget, refreshListSoon, renderAll, renderOpen, renderTitle } from './list.js';
import { retryFailedSends, settle } from './composer.js';
import { onGap } from './chat-view.js';
import { renderInfo } from './dialogs.js';
import { onGroupFrame } from './group-settings.js';
import { invitationAccepted } from './requests.js';
import { notifyMessage } from './notifications.js';

export let socket = null;

// a resume names at most this many conversations (docs/protocol.md): the most recently active ones; any other
// is announced by the server as new and sent from its start
const MAX_RESUME_POSITIONS = 1000;

function positions() {
  const result = {};
  [...state.conversations.values()]
    .filter((conv) => !conv.invitedBy) // a group invitation is no conversation of mine yet
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

/** The realtime connection of the signed-in user (one socket per tab). */
export function startSocket() {
  socket = new Socket({ positions, changes: actions.changePositions, onFrame, onState: connectionState });
  actions.init({
    request: (frame) => socket.request(frame), render: renderAll, invalidate,
    failed: (detail) => banner(detail, 'error'),
  });
  socket.start();
}

export function stopSocket() {
  socket?.stop();
  socket = null;
}

function onFrame(frame) {
  switch (frame.type) {
    case 'message': onMessage(frame); break;
    case 'receipt': onReceipt(frame); break;
    case 'typing': onTyping(frame); break;
    case 'presence': onPresence(frame); break;
    case 'conversation': onConversation(frame); break;
    case 'group': onGroupFrame(frame); break;
    case 'gap': onGap(frame); break;
    case 'error': if (frame.status === 429) banner('Slow down: too many actions at once.', 'warning'); break;
    default: actions.onActionFrame(frame); break;
  }
}

function onMessage(frame) {
  const known = state.conversations.has(frame.conversationId);
  const conv = conversation(frame.conversationId);
  if (!known) refreshListSoon();
  conv.position = Math.max(conv.position, frame.seq);
  if (conv.messages.has(frame.seq)) return; // a duplicate (e.g. after a resume): nothing new
  const mine = frame.senderId === state.me.userId;
  const message = actions.copyActionFields({
    seq: frame.seq, messageId: frame.messageId, senderId: frame.senderId, text: frame.text, media: frame.media,
    sentAt: frame.sentAt,
  }, frame);
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
    if (frame.seq > conv.readUpTo) {
      conv.unreadCount += 1;
      if (frame.mentions?.includes(state.me.userId)) conv.mentioned = true;
      if (isNew) notifyMessage(conv, message);
    }
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
  } else if (frame.change === 'invited') {
    const conv = conversation(id);
    conv.kind = frame.kind || 'GROUP';
    conv.title = frame.title ?? conv.title;
    conv.request = true;
    conv.invitedBy = frame.by;
    conv.lastActivityAt ??= new Date().toISOString();
  } else if (frame.change === 'invitationDeclined') {
    forget(id);
  } else if (frame.change === 'invitationCancelled') {
    const title = state.conversations.get(id)?.title;
    forget(id);
    if (title) banner(`Your invitation to “${title}” was cancelled.`);
  } else {
    const conv = state.conversations.get(id);
    if (!conv) return refreshListSoon();
    const notice = (userId) => {
      const byMe = conv.ownChanges.delete(`${frame.change}:${userId}`);
      conv.notices.push({ change: frame.change, userId, byMe, afterSeq: conv.lastSeq, at: new Date().toISOString() });
    };
    if (frame.change === 'membersAdded') {
      // my own invitation accepted (here or on another device): the history's system line tells it, no notice
      const accepted = (frame.userIds || []).includes(state.me.userId) && (conv.invitedBy || conv.acceptedInvitation);
      if (conv.invitedBy && accepted) invitationAccepted(conv);
      conv.acceptedInvitation = false;
      for (const userId of frame.userIds || []) {
        if (!conv.members.some((m) => m.userId === userId)) conv.members.push({ userId, admin: false });
        if (!accepted) notice(userId);
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

const visible = () => document.visibilityState === 'visible';

export function queueDelivered(conv, seq) {
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
export function markRead(conv) {
  if (state.openId !== conv.id || !visible() || !socket?.connected) return;
  const upTo = Math.min(conv.lastSeq, lastVisibleSeq());
  if (upTo > conv.readUpTo) {
    conv.readUpTo = upTo;
    conv.deliveredUpTo = Math.max(conv.deliveredUpTo, upTo);
    socket.send({ type: 'read', conversationId: conv.id, upToSeq: upTo });
  }
  conv.unreadCount = [...conv.messages.values()]
    .filter((m) => m.seq > conv.readUpTo && m.senderId !== state.me.userId).length;
  if (conv.unreadCount === 0) conv.mentioned = false;
}

// the browser knows at once when the network goes or comes back: the socket follows (instead of a ping timeout)
window.addEventListener('offline', () => socket?.networkLost());
window.addEventListener('online', () => socket?.networkBack());

document.addEventListener('visibilitychange', () => {
  const conv = state.conversations.get(state.openId);
  if (conv && visible()) { markRead(conv); renderAll(); }
});
