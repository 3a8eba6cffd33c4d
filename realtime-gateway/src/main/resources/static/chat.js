// The chat view: messages grouped by day, ticks for my own messages, "seen by" in groups, media, typing, presence.
import {
  state, isGroup, titleOf, peerOf, displayName, formatTime, dayLabel, lastSeenText, statusOf, seenBy, el,
  noticeText,
} from './state.js';
import { imageInfo, mediaInfo, cdnLinks, formatSize } from './media.js';
import { icon } from './icons.js';
import { paintAvatar } from './avatars.js';
import { renderMuteButton } from './notifications.js';
import { quoteBlock, tombstone, editedLabel, reactionChips, messageMenu, messageText } from './message-actions.js';
import { forwardedLabel } from './forward.js';

const nodes = new Map(); // key -> element, reused across renders so images are not reloaded
const separators = new Map(); // day chips, system lines and the unread divider, by key: reused like the messages
const dayLabels = new Map(); // local date -> "Today", "Yesterday", …: one date formatting per day, not per message
let renderedFor = null;

const TICKS = {
  pending: { symbol: null, label: 'Sending' },
  sent: { symbol: '✓', label: 'Sent' },
  delivered: { symbol: '✓✓', label: 'Delivered' },
  read: { symbol: '✓✓', label: 'Read' },
  failed: { symbol: null, label: 'Not sent' },
};

function ticks(status) {
  const tick = TICKS[status] || TICKS.sent;
  return el('span', { class: `ticks ${status}`, 'data-status': status, role: 'img', 'aria-label': tick.label, title: tick.label },
    tick.symbol ?? icon(status === 'pending' ? 'clock' : 'warning'));
}

function mediaBlock(media, fileName) {
  const box = el('div', { class: 'media', 'data-media-id': media.mediaId });
  if (media.mediaType === 'image') {
    const img = el('img', { class: 'thumbnail', alt: 'Photo', loading: 'lazy' });
    const button = el('button', { type: 'button', class: 'thumbnail-button', 'aria-label': 'Open photo in full size' }, img);
    box.append(button);
    box.classList.add('loading');
    const show = (info) => {
      box.classList.remove('loading');
      img.dataset.kind = info.thumbnailUrl ? 'thumbnail' : 'full';
      img.src = info.thumbnailUrl || info.url;
    };
    const viaApi = () => imageInfo(media.mediaId).then((info) => {
      if (!info.url) { box.replaceChildren(el('span', { class: 'media-error', text: 'This photo is not available' })); return; }
      img.alt = info.fileName ? `Photo ${info.fileName}` : 'Photo';
      show(info);
    }).catch(() => {
      box.classList.remove('loading');
      box.replaceChildren(el('span', { class: 'media-error', text: 'This photo could not be loaded' }));
    });
    // the message's own CDN links when it has them (served by the caching edge); the API's when not, or they fail
    const cdn = cdnLinks(media);
    if (cdn) {
      img.addEventListener('error', () => { if (img.src.startsWith(cdn.url.split('?')[0])) viaApi(); }, { once: true });
      show(cdn);
    } else {
      viaApi();
    }
    button.onclick = async () => {
      const full = document.getElementById('viewer-image');
      full.src = cdnLinks(media)?.url || (await mediaInfo(media.mediaId)).url;
      full.alt = img.alt;
      document.getElementById('viewer').showModal();
    };
  } else {
    const progress = el('progress', { max: '1', value: '0', hidden: true });
    const link = el('a', { class: 'file', href: '#', rel: 'noopener noreferrer' },
      icon('file', 'icon file-icon'),
      el('span', { class: 'file-name', text: fileName || `${media.mediaType || 'file'}` }),
      el('span', { class: 'file-size', text: formatSize(media.size) }), progress);
    link.addEventListener('click', async (event) => {
      event.preventDefault();
      if (link.dataset.download === 'running') return;
      link.dataset.download = 'running';
      progress.hidden = false;
      progress.removeAttribute('value'); // indeterminate until the size is known
      try {
        const info = await mediaInfo(media.mediaId);
        if (!info.url) throw new Error('This file is not available');
        await download(info.url, info.fileName || fileName || 'download', media.size, (fraction) => { progress.value = fraction; });
        link.dataset.download = 'done';
        link.title = '';
      } catch (e) {
        link.dataset.download = 'failed';
        link.title = e.message;
      } finally {
        progress.hidden = true;
      }
    });
    mediaInfo(media.mediaId).then((info) => {
      if (info.fileName) link.querySelector('.file-name').textContent = info.fileName;
    }).catch(() => {});
    box.append(link);
  }
  return box;
}

/**
 * Fetches a file (with progress) and saves it under its original name: a link with `download` to a storage URL of
 * another origin is ignored by browsers, which then open the file under its storage key.
 */
async function download(url, name, expectedSize, onProgress) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The download failed (${response.status})`);
  const total = Number(response.headers.get('Content-Length')) || expectedSize || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total) onProgress(Math.min(1, received / total));
  }
  const href = URL.createObjectURL(new Blob(chunks, { type: response.headers.get('Content-Type') || '' }));
  el('a', { href, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

const URLS = /\bhttps?:\/\/[^\s<>"]+/gi;

/** Text with its http(s) links as links (text nodes otherwise: nothing of a message is ever parsed as HTML). */
export function linkify(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URLS)) {
    const href = match[0].replace(/[.,!?;:)\]'"]+$/, ''); // trailing punctuation belongs to the sentence
    let url;
    try { url = new URL(href); } catch { continue; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    parts.push(text.slice(last, match.index), el('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', text: href }));
    last = match.index + href.length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== '');
}

function messageNode(conv, message, key) {
  const mine = message.senderId === state.me.userId;
  const node = el('div', { class: `msg ${mine ? 'out' : 'in'}`, 'data-key': key });
  const bubble = el('div', { class: 'bubble' });
  if (!mine && isGroup(conv)) {
    node.sender = el('span', { class: 'sender', text: displayName(message.senderId) });
    bubble.append(node.sender);
  }
  const forwarded = forwardedLabel(message);
  if (forwarded) bubble.append(forwarded);
  const quote = quoteBlock(conv, message);
  if (quote) bubble.append(quote);
  if (message.deleted) bubble.append(tombstone());
  if (message.media) bubble.append(mediaBlock(message.media));
  if (message.upload) bubble.append(message.upload.element);
  if (message.text) bubble.append(messageText(message, linkify));
  const meta = el('span', { class: 'meta' }, editedLabel(message),
    el('time', { datetime: message.sentAt, text: formatTime(message.sentAt) }));
  bubble.append(meta);
  node.append(bubble);
  const chips = reactionChips(conv, message);
  if (chips) node.append(chips);
  const menu = messageMenu(conv, message);
  if (menu) bubble.append(menu);
  return node;
}

/** Brings a message's node up to date; writes to the DOM only what changed (it runs for every message on every render). */
function update(conv, node, message, showSeenBy) {
  const mine = message.senderId === state.me.userId;
  if (message.seq && node.dataset.seq !== String(message.seq)) node.dataset.seq = message.seq;
  if (!mine) {
    const name = node.sender ? displayName(message.senderId) : null;
    if (name && node.sender.textContent !== name) node.sender.textContent = name; // names learnt later reach old bubbles
    return;
  }
  const status = message.pendingStatus || statusOf(conv, message);
  if (node.dataset.status !== status) {
    node.dataset.status = status;
    node.querySelector('.meta .ticks')?.remove();
    node.querySelector('.meta').append(ticks(status));
  }
  if (message.pendingStatus === 'failed' || node.dataset.failed) {
    let failure = node.querySelector('.failure');
    if (message.pendingStatus === 'failed') {
      node.dataset.failed = 'true';
      if (!failure) {
        failure = el('p', { class: 'failure', role: 'alert' });
        node.querySelector('.bubble').append(failure);
      }
      failure.replaceChildren(message.error || 'Not sent.', ' ',
        message.retry ? el('button', { type: 'button', class: 'link', onclick: message.retry, text: 'Retry' }) : '');
    } else {
      failure?.remove();
      delete node.dataset.failed;
    }
  }
  const seen = showSeenBy ? seenBy(conv, message) : [];
  const text = seen.length ? `Seen by ${seen.join(', ')}` : '';
  if ((node.dataset.seenBy || '') === text) return;
  let line = node.querySelector('.seen-by');
  if (text) {
    if (!line) { line = el('span', { class: 'seen-by' }); node.append(line); }
    line.textContent = text;
    node.dataset.seenBy = text;
  } else {
    line?.remove();
    delete node.dataset.seenBy;
  }
}

const box = () => document.getElementById('messages');

export function atBottom() {
  const b = box();
  return b.scrollHeight - b.scrollTop - b.clientHeight < 60;
}

export function scrollToBottom() {
  box().scrollTop = box().scrollHeight;
}

/** The seq of the last message whose end is on screen (0: none): what the reader has seen. */
export function lastVisibleSeq() {
  const bottom = box().getBoundingClientRect().bottom;
  const stored = document.querySelectorAll('#message-items .msg[data-seq]');
  for (let i = stored.length - 1; i >= 0; i--) {
    const rect = stored[i].getBoundingClientRect();
    if (rect.height > 0 && rect.bottom <= bottom + 1) return Number(stored[i].dataset.seq);
  }
  return 0;
}

/**
 * Renders the open conversation; keeps the scroll position (at the bottom, or in place when older messages came).
 * `toDivider`: scrolled to the unread messages divider (when the chat is opened).
 */
export function renderMessages(conv, { keepBottom = false, toDivider = false } = {}) {
  const box = document.getElementById('messages');
  const items = document.getElementById('message-items');
  if (renderedFor !== conv.id) { nodes.clear(); separators.clear(); renderedFor = conv.id; }
  dayLabels.clear();
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  const anchor = items.querySelector('.msg');
  const anchorTop = anchor ? anchor.getBoundingClientRect().top : 0;

  const from = conv.oldestLoaded ?? 1;
  const stored = [...conv.messages.values()].filter((m) => m.seq >= from && !m.hidden).sort((a, b) => a.seq - b.seq);
  // system lines go after the message that was the last one when they happened
  const notices = conv.notices.filter((n) => n.afterSeq >= from - 1);
  const all = [];
  for (const m of stored) {
    while (notices.length && notices[0].afterSeq < m.seq) all.push({ notice: notices.shift() });
    all.push({ key: `s${m.seq}`, message: m });
  }
  all.push(...notices.map((notice) => ({ notice })),
    ...conv.pending.map((p) => ({ key: `p${p.clientMessageId}`, message: p })));
  const lastOwn = isGroup(conv) ? [...stored].reverse().find((m) => m.senderId === state.me.userId) : null;

  const children = [];
  let day = null;
  const keep = new Set();
  let divider = null;
  for (const { key, message, notice } of all) {
    if (conv.divider && !divider && message?.seq > conv.divider.after && message.senderId !== state.me.userId) {
      const { after, count } = conv.divider;
      divider = separator(`u${after}`, 'unread-divider', `${count} unread message${count === 1 ? '' : 's'}`, 'separator');
      children.push(divider);
    }
    const label = dayOf((notice || message).sentAt || notice?.at || new Date().toISOString());
    if (label !== day) {
      day = label;
      children.push(separator(`d${label}`, 'day', label, 'separator'));
    }
    if (notice) {
      children.push(separator(`n${notice.at}${notice.change}${notice.userId}`, 'system', noticeText(notice)));
      continue;
    }
    let node = nodes.get(key);
    if (!node) { node = messageNode(conv, message, key); nodes.set(key, node); }
    update(conv, node, message, message === lastOwn);
    keep.add(key);
    children.push(node);
  }
  for (const key of [...nodes.keys()]) if (!keep.has(key)) nodes.delete(key);
  reconcile(items, children);

  const status = document.getElementById('history-status');
  status.textContent = conv.loadingOlder ? 'Loading earlier messages…' : conv.hasOlder ? '' : (stored.length ? 'This is the beginning of the conversation' : '');
  if (toDivider && divider) box.scrollTop = Math.max(0, divider.offsetTop - 40);
  else if (keepBottom || atBottom) box.scrollTop = box.scrollHeight;
  else if (anchor && anchor.isConnected) box.scrollTop += anchor.getBoundingClientRect().top - anchorTop;
}

/** A message changed (reacted to, edited, deleted): its node is made afresh on the next render. */
export function invalidate(key) {
  nodes.delete(key);
}

/**
 * Makes the parent's children these, in this order, touching only what changed: a new message is one insertion,
 * not a rebuilt chat (which cost 50-170 ms with 500 messages, and made the live region read it all again).
 */
function reconcile(parent, wanted) {
  let cursor = parent.firstChild;
  for (const node of wanted) {
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}

function separator(key, className, text, role) {
  let node = separators.get(key);
  if (!node) {
    node = el('div', { class: className, role }, el('span'));
    separators.set(key, node);
  }
  if (node.firstChild.textContent !== text) node.firstChild.textContent = text;
  return node;
}

function dayOf(iso) {
  const date = new Date(iso);
  const local = `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
  let label = dayLabels.get(local);
  if (!label) { label = dayLabel(iso); dayLabels.set(local, label); }
  return label;
}

/**
 * A pending message whose node moved to its stored key: carry the node over so nothing flickers, and give it the
 * message menu, which a message gets once it has a seq.
 */
export function adopt(fromKey, toKey, conv, message) {
  const node = nodes.get(fromKey);
  if (node && !nodes.has(toKey)) {
    nodes.delete(fromKey);
    node.dataset.key = toKey;
    node.querySelector('.upload')?.remove();
    const menu = node.querySelector('.msg-menu') ? null : messageMenu(conv, message);
    if (menu) node.querySelector('.bubble').append(menu);
    nodes.set(toKey, node);
  }
}

export function attachMedia(key, media) {
  const node = nodes.get(key);
  if (node && !node.querySelector('.media')) node.querySelector('.bubble').prepend(mediaBlock(media));
}

/** Sets an element's text only when it changed (every frame renders the header again). */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

export function renderHeader(conv) {
  setText(document.getElementById('chat-name'), titleOf(conv));
  const avatar = document.getElementById('chat-avatar');
  const peer = peerOf(conv);
  const user = peer ? state.users.get(peer) : null;
  const look = `${conv.id} ${titleOf(conv)} ${!!user?.online}`;
  if (avatar.dataset.look !== look) {
    avatar.dataset.look = look;
    paintAvatar(avatar, { id: peer || conv.id, name: titleOf(conv), group: isGroup(conv) },
      peer ? el('span', { class: `presence-dot${user?.online ? ' online' : ''}` }) : null);
  }
  renderMuteButton();
  const typers = [...conv.typing.keys()].filter((id) => id !== state.me.userId);
  const status = document.getElementById('chat-status');
  let text;
  if (typers.length) {
    text = isGroup(conv) ? `${typers.map(displayName).join(', ')} ${typers.length > 1 ? 'are' : 'is'} typing…` : 'typing…';
  } else if (isGroup(conv)) {
    text = conv.members.map((m) => displayName(m.userId)).join(', ');
  } else {
    text = lastSeenText(user);
  }
  setText(status, text);
  status.classList.toggle('typing', typers.length > 0);
  status.classList.toggle('online', !typers.length && !!user?.online);
}
