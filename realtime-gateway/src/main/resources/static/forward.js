// Forward (docs/protocol.md#forward): the message menu's "Forward" opens a chooser of chats; the chosen one gets a copy
// of the message (text and/or media, not uploaded again) marked "Forwarded".
import { state, titleOf, el } from './state.js';
import { sortedConversations } from './conversations.js';

/** The menu item; `item` makes a menu button, `request` sends a frame and answers its ack, `failed` says why not. */
export function forwardItem(conv, message, { item, request, failed }) {
  if (message.hidden || (!message.text && !message.media)) return null;
  return item('Forward', () => choose(conv, message, request, failed), 'forward');
}

/** The small "Forwarded" line at the top of a forwarded message's bubble. */
export function forwardedLabel(message) {
  return message.forwarded && !message.deleted ? el('span', { class: 'forwarded', text: '↪ Forwarded' }) : null;
}

function choose(conv, message, request, failed) {
  const dialog = document.getElementById('forward-dialog') || createDialog();
  const list = dialog.querySelector('.forward-targets');
  list.replaceChildren(...sortedConversations().map((target) => el('li', {},
    el('button', {
      type: 'button', class: 'forward-target', 'data-conversation-id': target.id, text: titleOf(target),
      onclick: async () => {
        dialog.close();
        try {
          await request({
            type: 'forward', conversationId: target.id, clientMessageId: crypto.randomUUID(),
            fromConversationId: conv.id, fromSeq: message.seq,
          });
        } catch (failure) {
          failed(failure?.detail || failure?.message || 'That message could not be forwarded.');
        }
      },
    }))));
  dialog.showModal();
}

function createDialog() {
  const dialog = el('dialog', { id: 'forward-dialog', 'aria-labelledby': 'forward-title' },
    el('h2', { id: 'forward-title', text: 'Forward to…' }),
    el('ul', { class: 'forward-targets member-list', role: 'list' }),
    el('div', { class: 'dialog-actions' },
      el('button', { type: 'button', class: 'cancel', text: 'Cancel', onclick: () => dialog.close() })));
  document.body.append(dialog);
  return dialog;
}
