// The composer: per-chat drafts and attachments, typing notices, sending (optimistic bubbles, retries) and uploads.
import { el, state } from './state.js';
import { $ } from './ui.js';
import { adopt, atBottom, attachMedia, renderMessages, scrollToBottom } from './chat.js';
import { classify, formatSize, upload } from './media.js';
import { icon } from './icons.js';
import { renderAll } from './list.js';
import { socket } from './realtime.js';
import * as actions from './message-actions.js';

const composerUploads = new Map(); // conversation id -> the attachment picked there, not sent yet

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

export function stopTyping() {
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
export function showComposerOf(conversationId) {
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
  send(conv, text || null, attachment, actions.takeReplyTo(conv));
};

function send(conv, text, attachment, replyTo = null) {
  const replied = replyTo == null ? null : conv.messages.get(replyTo);
  const pending = {
    clientMessageId: crypto.randomUUID(), senderId: state.me.userId, text, sentAt: new Date().toISOString(),
    pendingStatus: 'pending', sent: false, replyToSeq: replyTo,
    replyTo: replied ? { seq: replyTo, senderId: replied.senderId, text: (replied.text || '').slice(0, 120), mediaType: replied.media?.mediaType } : null,
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
      // the CDN link the upload's completion gave (cdnLinks in media.js): my own photo comes from the edge too
      pending.media = {
        mediaId: media.mediaId, mediaType: media.mediaType, contentType: media.contentType, size: media.size, hasThumbnail: false,
        cdnUrl: media.cdnUrl, cdnThumbnailUrl: media.cdnThumbnailUrl, cdnUrlExpiresAt: media.cdnUrlExpiresAt,
      };
    }
    pending.sent = true;
    const ack = await socket.request({
      type: 'send', conversationId: conv.id, clientMessageId: pending.clientMessageId,
      ...(pending.text ? { text: pending.text } : {}), ...(pending.mediaId ? { mediaId: pending.mediaId } : {}),
      ...(pending.replyToSeq != null ? { replyTo: pending.replyToSeq } : {}),
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
export function settle(conv, pending, stored) {
  conv.pending = conv.pending.filter((p) => p !== pending);
  pending.messageId = stored.messageId;
  const seq = stored.seq;
  if (!conv.messages.has(seq)) {
    conv.messages.set(seq, {
      seq, messageId: stored.messageId, senderId: state.me.userId, text: pending.text, media: pending.media,
      sentAt: stored.sentAt || pending.sentAt, replyTo: pending.replyTo,
    });
  }
  adopt(`p${pending.clientMessageId}`, `s${seq}`, conv, conv.messages.get(seq));
  if (pending.media) attachMedia(`s${seq}`, pending.media);
  if (seq > conv.lastSeq) {
    conv.lastSeq = seq;
    conv.lastMessage = { senderId: state.me.userId, text: pending.text, mediaType: pending.media?.mediaType, seq, sentAt: stored.sentAt };
    conv.lastActivityAt = stored.sentAt || pending.sentAt;
  }
}

export function retryFailedSends() {
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

/** Signed out: no draft on screen, no attachment kept or uploading. */
export function resetComposers() {
  composerUploads.forEach((attachment) => attachment.cancel());
  composerUploads.clear();
  showComposerOf(null);
}
