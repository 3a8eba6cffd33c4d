// Message requests (docs/protocol.md#message-requests): a direct chat someone started with this user, who has not
// accepted it, or a group someone who never talked with them invited them into (conv.invitedBy), shows Accept /
// Decline / Block above the composer (an invitation hides the composer: the user is no member yet). chat-view.js calls
// reflectRequest on opening a chat; conversations.js lists requests apart.
import { api, request } from './api.js';
import { state, peerOf, displayName, el, titleOf } from './state.js';
import { $, banner } from './ui.js';
import { forget, loadConversations } from './list.js';
import { socket } from './realtime.js';
import { openConversation } from './chat-view.js';

/** A group invitation that became a membership (accepted here or on another device): its history can load now. */
export function invitationAccepted(conv) {
  conv.request = false;
  conv.invitedBy = null;
  conv.acceptedInvitation = true; // until its membersAdded frame (realtime.js)
  conv.oldestLoaded = null;
  loadConversations().catch(() => {});
  if (state.openId === conv.id) openConversation(conv.id, { how: 'none' });
}

/** Shows the open chat's request bar while it is a request to this user (list.js keeps {@code conv.request}). */
export function reflectRequest(conv) {
  $('message-request')?.remove();
  $('composer').hidden = !!conv?.invitedBy;
  if (!conv?.request) return;
  const invitation = !!conv.invitedBy;
  const peer = invitation ? conv.invitedBy : peerOf(conv);
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
  const text = invitation
    ? `${name} invited you to the group “${titleOf(conv)}”. You see its messages once you accept; until then its members see nothing of you.`
    : `${name} wants to send you messages. They see no read receipts and no presence until you accept.`;
  const bar = el('div', { id: 'message-request', class: 'message-request', role: 'region',
    'aria-label': invitation ? 'Group invitation' : 'Message request' }, [
    el('p', { text }),
    el('button', {
      type: 'button', class: 'accept-request', text: 'Accept',
      onclick: answer(() => api.post(`/api/v1/conversations/${conv.id}/request/accept`), () => {
        if (invitation) { invitationAccepted(conv); return; }
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
        banner(invitation ? `Invitation from ${name} declined.` : `Request from ${name} declined.`);
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
