// Blocking (docs/protocol.md#blocking): a direct chat's info has Block / Unblock. The server keeps the block; this
// device remembers whom its user blocked from here (localStorage) to show the right button.
import { request } from './api.js';
import { state, isGroup, peerOf, displayName, el } from './state.js';
import { $, banner } from './ui.js';

const storageKey = () => `parley.blocked.${state.me.userId}`;
const blocked = () => new Set(JSON.parse(localStorage.getItem(storageKey()) || '[]'));

function remember(userId, isBlocked) {
  const users = blocked();
  if (isBlocked) users.add(userId); else users.delete(userId);
  localStorage.setItem(storageKey(), JSON.stringify([...users]));
}

/** The Block / Unblock button of the open direct chat's info dialog, kept beside its other actions. */
function renderBlockControl() {
  $('block-user')?.remove();
  const conv = state.conversations.get(state.openId);
  if (!conv || isGroup(conv)) return;
  const peer = peerOf(conv);
  if (!peer) return;
  const isBlocked = blocked().has(peer);
  const button = el('button', {
    type: 'button', id: 'block-user', class: isBlocked ? 'unblock' : 'danger block',
    text: isBlocked ? `Unblock ${displayName(peer)}` : `Block ${displayName(peer)}`,
    onclick: async () => {
      button.disabled = true;
      try {
        await request(isBlocked ? 'DELETE' : 'PUT', `/api/v1/blocks/${encodeURIComponent(peer)}`);
        remember(peer, !isBlocked);
        banner(isBlocked ? `${displayName(peer)} is unblocked.` : `${displayName(peer)} is blocked: no messages either way.`);
        renderBlockControl();
      } catch (e) {
        button.disabled = false;
        $('info-dialog').querySelector('.error').textContent = e.message;
      }
    },
  });
  $('leave-group').after(button);
}

$('chat-info').addEventListener('click', renderBlockControl);
