// Message requests (docs/protocol.md#message-requests): a direct chat someone started with this user, who has not
// accepted it, shows Accept / Decline / Block above the composer. chat-view.js calls reflectRequest on opening a chat.
import { api, request } from './api.js';
import { state, peerOf, displayName, el } from './state.js';
import { $, banner } from './ui.js';
import { forget } from './list.js';
import { socket } from './realtime.js';

/** Shows the open chat's request bar while it is a request to this user (list.js keeps {@code conv.request}). */
export function reflectRequest(conv) {
  $('message-request')?.remove();
  if (!conv?.request) return;
  const peer = peerOf(conv);
  const name = displayName(peer);
  const error = el('p', { class: 'error', role: 'alert' });
  const answer = (path, done) => async () => {
    const buttons = bar.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await path();
      done();
    } catch (e) {
      buttons.forEach((b) => { b.disabled = false; });
      error.textContent = e.message;
    }
  };
  const bar = el('div', { id: 'message-request', class: 'message-request', role: 'region', 'aria-label': 'Message request' }, [
    el('p', { text: `${name} wants to send you messages. They see no read receipts and no presence until you accept.` }),
    el('button', {
      type: 'button', class: 'accept-request', text: 'Accept',
      onclick: answer(() => api.post(`/api/v1/conversations/${conv.id}/request/accept`), () => {
        conv.request = false;
        // what this device read while it was a request was not recorded: tell it now
        if (conv.readUpTo > 0 && socket?.connected) socket.send({ type: 'read', conversationId: conv.id, upToSeq: conv.readUpTo });
        reflectRequest(conv);
      }),
    }),
    el('button', {
      type: 'button', class: 'decline-request', text: 'Decline',
      onclick: answer(() => api.post(`/api/v1/conversations/${conv.id}/request/decline`), () => {
        forget(conv.id);
        banner(`Request from ${name} declined.`);
      }),
    }),
    el('button', {
      type: 'button', class: 'danger block-request', text: `Block ${name}`,
      // blocked and off the list: the block stops their messages, the decline hides the chat
      onclick: answer(() => request('PUT', `/api/v1/blocks/${encodeURIComponent(peer)}`)
        .then(() => api.post(`/api/v1/conversations/${conv.id}/request/decline`)), () => {
        forget(conv.id);
        banner(`${name} is blocked.`);
      }),
    }),
    error,
  ]);
  $('composer').before(bar);
}
