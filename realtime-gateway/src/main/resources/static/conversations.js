// The conversation list: newest first, title or peer name, last message preview, unread badge, presence dot; message
// requests and group invitations (requests.js) in a section of their own above the chats, "Requests (n)".
import { icon } from './icons.js';
import { state, titleOf, peerOf, isGroup, displayName, listTime, el } from './state.js';
import { paintAvatar } from './avatars.js';
import { isMuted, mutedMarker } from './notifications.js';

const list = () => document.getElementById('conversation-list');

function preview(conv) {
  const typers = [...conv.typing.keys()].filter((id) => id !== state.me.userId);
  if (typers.length) return { text: isGroup(conv) ? `${displayName(typers[0])} is typing…` : 'typing…', typing: true };
  if (conv.invitedBy) return { text: `${displayName(conv.invitedBy)} invited you` };
  const last = conv.lastMessage;
  if (!last) return { text: isGroup(conv) ? 'Group created' : 'No messages yet' };
  const kind = last.mediaType ? { image: 'Photo', video: 'Video', audio: 'Audio', document: 'Document' }[last.mediaType] || 'File' : null;
  const body = last.text || kind || '';
  const who = last.senderId === state.me.userId ? 'You: ' : isGroup(conv) ? `${displayName(last.senderId)}: ` : '';
  return { text: who + body, media: last.mediaType === 'image' ? 'photo' : last.mediaType ? 'file' : null };
}

export function sortedConversations() {
  return [...state.conversations.values()].sort((a, b) =>
    String(b.lastActivityAt || '').localeCompare(String(a.lastActivityAt || '')) || a.id.localeCompare(b.id));
}

/** Case and accent blind: "jose" finds "José". */
const folded = (text) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

export function renderList(onOpen) {
  const query = folded(document.getElementById('list-search').value.trim());
  const shown = sortedConversations().filter((conv) => !query || folded(titleOf(conv)).includes(query));
  const requests = shown.filter((conv) => conv.request);
  const chats = shown.filter((conv) => !conv.request);
  const item = (conv) => {
    const title = titleOf(conv);
    const peer = peerOf(conv);
    const online = peer && state.users.get(peer)?.online;
    const { text, typing, media } = preview(conv);
    const unread = conv.unreadCount > 0 && conv.id !== state.openId ? conv.unreadCount : 0;
    // what the item shows, in words: name, state, time and the last message
    const time = listTime(conv.lastActivityAt);
    const label = [title, online ? 'online' : null, isMuted(conv.id) ? 'muted' : null, unread ? `${unread} unread` : null, time, text].filter(Boolean).join(', ');
    return el('li', { class: 'conversation-item' },
      el('button', {
        type: 'button', class: 'conversation', 'data-id': conv.id, 'aria-label': label,
        'aria-current': conv.id === state.openId ? 'true' : null, onclick: () => onOpen(conv.id),
      },
      paintAvatar(el('span', { class: 'avatar', 'aria-hidden': 'true' }), { id: peer || conv.id, name: title, group: isGroup(conv) },
        peer ? el('span', { class: `presence-dot${online ? ' online' : ''}`, 'data-online': String(!!online) }) : null),
      el('span', { class: 'conversation-main' },
        el('span', { class: 'conversation-top' },
          el('span', { class: 'conversation-title', text: title }),
          el('time', { class: 'conversation-time', text: listTime(conv.lastActivityAt) })),
        el('span', { class: 'conversation-bottom' },
          el('span', { class: `conversation-preview${typing ? ' typing' : ''}` }, media && !typing ? icon(media, 'icon inline') : null, text),
          mutedMarker(conv),
          unread && conv.mentioned ? el('span', { class: 'badge mention-badge', title: 'You were mentioned', text: '@' }) : null,
          unread ? el('span', { class: 'badge', text: unread > 99 ? '99+' : String(unread) }) : null))));
  };
  const heading = (id, text) => el('li', { class: 'list-section', id }, // a list item of its own: a list holds only items
    el('h2', { class: 'list-section-title', text }));
  const items = requests.length === 0 ? chats.map(item) : [
    heading('requests-heading', `Requests (${requests.length})`), ...requests.map(item),
    ...(chats.length ? [heading('chats-heading', 'Chats'), ...chats.map(item)] : []),
  ];
  const focused = document.activeElement?.closest?.('#conversation-list .conversation')?.dataset.id;
  list().replaceChildren(...items);
  if (focused) list().querySelector(`[data-id="${CSS.escape(focused)}"]`)?.focus();
  const empty = document.getElementById('empty-list');
  empty.hidden = items.length > 0;
  const emptyText = query ? 'No chat has that name.' : 'No conversations yet. Start one with the new chat button above.';
  if (empty.textContent !== emptyText) empty.textContent = emptyText;
}
