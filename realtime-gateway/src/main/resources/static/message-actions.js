// Message actions (docs/protocol.md): reply with a quote, reactions, edit, delete for everyone or for me, copy.
// The chat view asks this module for each message's quote, body, chips and menu; app.js hands it the action frames.
import { state, isAdmin, isGroup, displayName, el } from './state.js';
import { forwardItem } from './forward.js';

export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
const EDIT_WINDOW_MS = 15 * 60 * 1000;

let hooks = { request: null, render: () => {}, invalidate: () => {}, failed: () => {} };
/** The message being replied to in the composer: {conversationId, seq} or null. */
let replyDraft = null;

export function init(given) { hooks = { ...hooks, ...given }; }

/** The action fields of a history view or a catch-up message frame, onto the client's message. */
export function copyActionFields(message, from) {
  message.replyTo = from.replyTo || null;
  message.editedAt = from.editedAt || null;
  message.deleted = !!from.deleted;
  message.hidden = !!from.hidden;
  message.myReaction = from.myReaction || null;
  message.mentions = from.mentions || null;
  message.forwarded = !!from.forwarded;
  message.reactions = new Map((from.reactions || []).map((r) => [r.emoji, r.count]));
  if (message.deleted) { message.text = null; message.media = null; }
  return message;
}

/** The conversation's last message change the client reflects, for `resume` ({conversationId: lastChange}). */
export function changePositions() {
  const result = {};
  for (const conv of state.conversations.values()) if (conv.lastChange != null) result[conv.id] = conv.lastChange;
  return result;
}

export function noteChange(conv, change) {
  if (change != null) conv.lastChange = Math.max(conv.lastChange ?? 0, change);
}

/** reaction, edited, deleted, hidden and changes frames; answers whether it was one of them. */
export function onActionFrame(frame) {
  const conv = state.conversations.get(frame.conversationId);
  if (!['reaction', 'edited', 'deleted', 'hidden', 'changes'].includes(frame.type)) return false;
  if (!conv) return true;
  if (frame.type === 'changes') {
    for (const view of frame.messages) {
      const message = conv.messages.get(view.seq);
      if (message) { copyActionFields(message, view); if (view.text !== undefined) message.text = view.text; changed(conv, view.seq); }
    }
    noteChange(conv, frame.upToChange);
  } else {
    const message = conv.messages.get(frame.seq);
    if (message) {
      if (frame.type === 'reaction') react(message, frame);
      if (frame.type === 'edited') { message.text = frame.text; message.editedAt = frame.editedAt; }
      if (frame.type === 'deleted') Object.assign(message, { deleted: true, text: null, media: null, reactions: new Map(), myReaction: null });
      if (frame.type === 'hidden') message.hidden = true;
      changed(conv, frame.seq);
    }
    if (frame.type === 'edited' || frame.type === 'deleted') quotesOf(conv, frame.seq, message);
    noteChange(conv, frame.change);
  }
  hooks.render();
  return true;
}

function react(message, frame) {
  message.reactions ??= new Map();
  const take = (emoji) => {
    const n = (message.reactions.get(emoji) || 0) - 1;
    if (n > 0) message.reactions.set(emoji, n); else message.reactions.delete(emoji);
  };
  if (frame.userId === state.me.userId) {
    if (message.myReaction) take(message.myReaction);
    message.myReaction = frame.emoji || null;
  } else if (frame.replaced) take(frame.replaced);
  if (frame.emoji) message.reactions.set(frame.emoji, (message.reactions.get(frame.emoji) || 0) + 1);
}

/** Replies quoting a message that was edited or deleted show it as it is now. */
function quotesOf(conv, seq, quoted) {
  for (const message of conv.messages.values()) {
    if (message.replyTo?.seq !== seq) continue;
    message.replyTo = quoted?.deleted || !quoted
      ? { ...message.replyTo, text: quoted?.deleted ? null : message.replyTo.text, deleted: !!quoted?.deleted }
      : { ...message.replyTo, text: (quoted.text || '').slice(0, 120) };
    changed(conv, message.seq);
  }
}

function changed(conv, seq) { hooks.invalidate(`s${seq}`); }

// ---------------------------------------------------------------- what the chat view shows

/** The quoted message at the top of a reply's bubble; a click jumps to the original. */
export function quoteBlock(conv, message) {
  const quote = message.replyTo;
  if (!quote) return null;
  const text = quote.deleted ? 'Message deleted'
    : quote.text || (quote.mediaType ? (quote.mediaType === 'image' ? '📷 Photo' : `📎 ${quote.mediaType}`) : '…');
  return el('button', {
    type: 'button', class: `quote${quote.deleted ? ' deleted' : ''}`, 'data-reply-to': quote.seq,
    'aria-label': `Reply to ${quote.senderId ? displayName(quote.senderId) : 'a message'}: ${text}. Show it`,
    onclick: () => jumpTo(quote.seq),
  }, el('span', { class: 'quote-sender', text: quote.senderId ? displayName(quote.senderId) : '' }),
  el('span', { class: 'quote-text', text }));
}

function jumpTo(seq) {
  const node = document.querySelector(`#message-items .msg[data-seq="${seq}"]`);
  if (!node) return;
  node.scrollIntoView({ block: 'center', behavior: 'smooth' });
  node.classList.add('flash');
  setTimeout(() => node.classList.remove('flash'), 1200);
}

export function tombstone() {
  return el('p', { class: 'text tombstone', text: '🚫 This message was deleted' });
}

/** The text, its @mentions highlighted when the server resolved any (the bubble says when one is me). */
export function messageText(message, linkify = (text) => [text]) {
  if (!message.mentions?.length) return el('p', { class: 'text', dir: 'auto' }, linkify(message.text));
  const parts = message.text.split(/(@[A-Za-z0-9_.]{3,32})/g)
    .flatMap((part, i) => (i % 2 ? [el('mark', { class: 'mention', text: part })] : linkify(part)));
  return el('p', { class: `text${message.mentions.includes(state.me.userId) ? ' mentions-me' : ''}`, dir: 'auto' }, parts);
}

export function editedLabel(message) {
  return message.editedAt && !message.deleted ? el('span', { class: 'edited', text: 'edited' }) : null;
}

/** Reaction chips: counts per emoji, mine highlighted; a click on mine takes it back, on another reacts with it. */
export function reactionChips(conv, message) {
  if (!message.reactions?.size || message.deleted) return null;
  return el('div', { class: 'reactions' }, [...message.reactions].map(([emoji, count]) => el('button', {
    type: 'button', class: `reaction-chip${emoji === message.myReaction ? ' mine' : ''}`, 'data-emoji': emoji,
    'aria-pressed': emoji === message.myReaction ? 'true' : 'false', 'aria-label': `${emoji} ${count}`,
    onclick: () => (emoji === message.myReaction ? act(conv, { type: 'unreact', seq: message.seq })
      : act(conv, { type: 'react', seq: message.seq, emoji })),
  }, `${emoji} ${count}`)));
}

/** The message menu: reply, react, edit, copy, forward, delete for everyone, delete for me. */
export function messageMenu(conv, message) {
  if (!message.seq || message.deleted) return null;
  const mine = message.senderId === state.me.userId;
  const canEdit = mine && message.text != null && Date.now() - Date.parse(message.sentAt) < EDIT_WINDOW_MS;
  const canDelete = mine || (isGroup(conv) && isAdmin(conv));
  const close = (event) => event.target.closest('details')?.removeAttribute('open');
  const item = (label, onclick, cls = '') => el('button', { type: 'button', role: 'menuitem', class: `menu-item ${cls}`,
    text: label, onclick: (event) => { close(event); onclick(); } });
  return el('details', { class: 'msg-menu', onkeydown: menuKeys },
    el('summary', { 'aria-label': 'Message actions', title: 'Message actions', text: '⋯' }),
    el('div', { class: 'menu', role: 'menu' },
      el('div', { class: 'react-row', role: 'group', 'aria-label': 'React' }, REACTIONS.map((emoji) => el('button', {
        type: 'button', role: 'menuitem', class: 'react-choice', 'data-emoji': emoji, 'aria-label': `React ${emoji}`, text: emoji,
        onclick: (event) => { close(event); act(conv, { type: 'react', seq: message.seq, emoji }); },
      }))),
      item('Reply', () => startReply(conv, message), 'reply'),
      canEdit ? item('Edit', () => startEdit(conv, message), 'edit') : null,
      message.text ? item('Copy', () => navigator.clipboard?.writeText(message.text), 'copy') : null,
      forwardItem(conv, message, { item, request: (frame) => hooks.request(frame), failed: (detail) => hooks.failed(detail) }),
      canDelete ? item('Delete for everyone', () => confirm('Delete this message for everyone?')
        && act(conv, { type: 'delete', seq: message.seq, for: 'everyone' }), 'delete-everyone') : null,
      item('Delete for me', () => act(conv, { type: 'delete', seq: message.seq, for: 'me' }), 'delete-me')));
}

/** The menu's keys (the ARIA menu pattern): arrows and Home/End move between its choices, Escape closes it. */
function menuKeys(event) {
  const details = event.currentTarget;
  const summary = details.querySelector('summary');
  if (event.key === 'Escape' && details.open) {
    event.preventDefault();
    event.stopPropagation(); // the menu closes, not the chat
    details.removeAttribute('open');
    summary.focus();
    return;
  }
  const moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: 'first', End: 'last' };
  if (!(event.key in moves) || (event.target === summary && !details.open && event.key !== 'ArrowDown')) return;
  event.preventDefault();
  details.open = true;
  const choices = [...details.querySelectorAll('.menu button')];
  const at = choices.indexOf(document.activeElement);
  const move = moves[event.key];
  const next = move === 'first' ? 0 : move === 'last' ? choices.length - 1
    : at < 0 ? (move > 0 ? 0 : choices.length - 1) : (at + move + choices.length) % choices.length;
  choices[next]?.focus();
}

async function act(conv, frame) {
  try {
    await hooks.request({ ...frame, conversationId: conv.id });
  } catch (failure) {
    hooks.failed(failure?.detail || failure?.message || 'That did not work.');
  }
}

function startEdit(conv, message) {
  const text = prompt('Edit message', message.text);
  if (text != null && text.trim() && text !== message.text) act(conv, { type: 'edit', seq: message.seq, text: text.trim() });
}

// ---------------------------------------------------------------- replying in the composer

function startReply(conv, message) {
  replyDraft = { conversationId: conv.id, seq: message.seq };
  const bar = document.getElementById('reply-bar') || createReplyBar();
  bar.querySelector('.reply-to-sender').textContent = displayName(message.senderId);
  bar.querySelector('.reply-to-text').textContent = (message.text || (message.media ? '📎 Attachment' : '')).slice(0, 120);
  bar.hidden = false;
  document.getElementById('message-input').focus();
}

function createReplyBar() {
  const bar = el('div', { id: 'reply-bar', class: 'reply-bar', hidden: true },
    el('div', { class: 'reply-to' }, el('span', { class: 'reply-to-sender' }), el('span', { class: 'reply-to-text' })),
    el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Cancel reply', text: '✕', onclick: cancelReply }));
  document.getElementById('composer').before(bar);
  return bar;
}

export function cancelReply() {
  replyDraft = null;
  const bar = document.getElementById('reply-bar');
  if (bar) bar.hidden = true;
}

/** The seq the composer's next message replies to in this conversation (and the draft is used up), or null. */
export function takeReplyTo(conv) {
  const seq = replyDraft?.conversationId === conv.id ? replyDraft.seq : null;
  cancelReply();
  return seq;
}
