// The dialogs: new chat, new group, and a conversation's info (members, add, remove, leave); the image viewer.
import { api, newIdempotencyKey } from './api.js';
import { conversation, displayName, el, isAdmin, isGroup, rememberUser, state, titleOf } from './state.js';
import { $ } from './ui.js';
import { forget, loadConversations, refreshListSoon, renderAll } from './list.js';
import { openConversation } from './chat-view.js';
import { renderGroupSettings } from './group-settings.js';
import { pickedMembers, resetContactPicker } from './contact-picker.js';

for (const dialog of document.querySelectorAll('dialog')) {
  dialog.querySelectorAll('.cancel').forEach((b) => { b.onclick = () => dialog.close(); });
  dialog.addEventListener('close', () => { dialog.querySelectorAll('.error').forEach((e) => { e.textContent = ''; }); });
}

async function lookup(username) {
  const name = username.trim().replace(/^@/, '').toLowerCase();
  if (!name) throw new Error('Enter a username.');
  // a 404 means no such user: said at once (someone who registered a moment ago is found when asked again)
  try {
    const user = await api.get(`/api/v1/users/${encodeURIComponent(name)}`);
    rememberUser(user.userId, user.displayName);
    return user;
  } catch (e) {
    throw e.status === 404 ? new Error(`There is no user “${name}”.`) : e;
  }
}

/**
 * A dialog's submit, once at a time: its submit button is disabled and the form busy meanwhile (no double groups);
 * the task gets this submission's idempotency key, for the server to create one thing even if the request is repeated.
 */
async function busy(form, task) {
  if (form.getAttribute('aria-busy') === 'true') return;
  const submit = form.querySelector('[type="submit"]');
  form.setAttribute('aria-busy', 'true');
  submit.disabled = true;
  try {
    await task(newIdempotencyKey());
  } finally {
    form.removeAttribute('aria-busy');
    submit.disabled = false;
  }
}

async function ensureListed(conversationId, consistency) {
  if (!state.conversations.has(conversationId) || !state.conversations.get(conversationId).members.length) {
    await loadConversations(false, consistency).catch(() => {});
  }
}

$('new-chat').onclick = () => { $('new-chat-form').reset(); $('new-chat-dialog').showModal(); };
$('new-chat-form').onsubmit = (event) => {
  event.preventDefault();
  busy($('new-chat-form'), startChat);
};

async function startChat(idempotencyKey) {
  const error = $('new-chat-form').querySelector('.error');
  error.textContent = '';
  try {
    const user = await lookup($('new-chat-username').value);
    if (user.userId === state.me.userId) throw new Error('That is you. Pick someone else.');
    const { conversationId, consistency } = await api.post('/api/v1/conversations/direct', { peerUserId: user.userId },
      { idempotencyKey });
    const conv = conversation(conversationId);
    conv.consistency = consistency;
    conv.kind = 'DIRECT';
    if (!conv.members.length) {
      conv.members = [{ userId: state.me.userId, admin: false }, { userId: user.userId, admin: false }];
      conv.lastActivityAt ??= new Date().toISOString();
      conv.membersChangedAt = Date.now();
    }
    $('new-chat-dialog').close();
    await ensureListed(conversationId, consistency);
    openConversation(conversationId);
  } catch (e) {
    error.textContent = e.message;
  }
}

$('new-group').onclick = () => { $('new-group-form').reset(); resetContactPicker(); $('new-group-dialog').showModal(); };
$('new-group-form').onsubmit = (event) => {
  event.preventDefault();
  busy($('new-group-form'), createGroup);
};

async function createGroup(idempotencyKey) {
  const error = $('new-group-form').querySelector('.error');
  error.textContent = '';
  try {
    const title = $('new-group-name').value.trim();
    if (!title) throw new Error('Give the group a name.');
    const names = $('new-group-members').value.split(/[,\s]+/).filter(Boolean);
    const looked = await Promise.all(names.map(lookup));
    const memberIds = [...new Set([...pickedMembers(), ...looked.map((u) => u.userId)])].filter((id) => id !== state.me.userId);
    const { conversationId, consistency } = await api.post('/api/v1/conversations/groups', {
      title, memberIds,
    }, { idempotencyKey });
    const conv = conversation(conversationId);
    conv.consistency = consistency;
    conv.kind = 'GROUP';
    conv.title ??= title;
    if (!conv.members.length) {
      conv.members = [{ userId: state.me.userId, admin: true }, ...memberIds.map((userId) => ({ userId, admin: false }))];
      conv.lastActivityAt ??= new Date().toISOString();
    }
    // the creator is admin; the socket's `created` frame (which may come first) does not say who is
    const me = conv.members.find((m) => m.userId === state.me.userId);
    if (me) me.admin = true; else conv.members.unshift({ userId: state.me.userId, admin: true });
    conv.membersChangedAt = Date.now();
    $('new-group-dialog').close();
    await ensureListed(conversationId, consistency);
    openConversation(conversationId);
  } catch (e) {
    error.textContent = e.message;
  }
}

export function renderInfo() {
  const conv = state.conversations.get(state.openId);
  if (!conv) { $('info-dialog').close(); return; }
  const admin = isGroup(conv) && isAdmin(conv);
  $('info-title').textContent = titleOf(conv);
  $('info-members').replaceChildren(...conv.members.map((m) => el('li', { 'data-user-id': m.userId },
    el('span', { class: 'member-name', text: m.userId === state.me.userId ? 'You' : displayName(m.userId) }),
    m.admin ? el('span', { class: 'tag', text: 'admin' }) : null,
    admin && m.userId !== state.me.userId ? el('button', {
      type: 'button', class: 'link danger remove-member', 'aria-label': `Remove ${displayName(m.userId)}`,
      onclick: (event) => changeMembers(conv, event.currentTarget, `memberRemoved:${m.userId}`, async () => {
        await api.del(`/api/v1/conversations/${conv.id}/members/${m.userId}`);
        conv.members = conv.members.filter((member) => member.userId !== m.userId);
      }),
    }, 'Remove') : null)));
  $('add-member-form').hidden = !admin;
  $('leave-group').hidden = !isGroup(conv);
  renderGroupSettings(conv);
}

/**
 * A membership change of mine: the button is busy meanwhile, and the members change here as soon as the server
 * accepted it (the read model may lag behind; its socket frame becomes the system line "You …").
 */
async function changeMembers(conv, button, intent, action) {
  const error = $('info-dialog').querySelector('.error');
  error.textContent = '';
  if (button) button.disabled = true;
  const intents = [].concat(intent);
  intents.forEach((i) => conv.ownChanges.add(i));
  try {
    await action();
    conv.membersChangedAt = Date.now();
    renderAll();
    if ($('info-dialog').open) renderInfo();
    refreshListSoon(); // names of new members
  } catch (e) {
    intents.forEach((i) => conv.ownChanges.delete(i));
    error.textContent = e.message;
  } finally {
    if (button) button.disabled = false;
  }
}

$('chat-info').onclick = () => {
  renderInfo();
  $('info-dialog').showModal();
  // admins see who is invited as the read model has it now (no frame tells them)
  const conv = state.conversations.get(state.openId);
  if (conv && isGroup(conv)) {
    loadConversations().then(() => { if ($('info-dialog').open) renderInfo(); }).catch(() => {});
  }
};
$('add-member-form').onsubmit = (event) => {
  event.preventDefault();
  const conv = state.conversations.get(state.openId);
  const button = $('add-member-form').querySelector('button');
  button.disabled = true;
  lookup($('add-member-username').value).then((user) => changeMembers(conv, button, `membersAdded:${user.userId}`, async () => {
    await api.post(`/api/v1/conversations/${conv.id}/members`, { userIds: [user.userId] });
    if (!conv.members.some((m) => m.userId === user.userId)) conv.members.push({ userId: user.userId, admin: false });
    $('add-member-username').value = '';
  }), (e) => { $('info-dialog').querySelector('.error').textContent = e.message; })
    .finally(() => { button.disabled = false; });
};
$('leave-group').onclick = async () => {
  const conv = state.conversations.get(state.openId);
  if (!conv || !confirm(`Leave “${titleOf(conv)}”?`)) return;
  try {
    await api.del(`/api/v1/conversations/${conv.id}/members/${state.me.userId}`);
    $('info-dialog').close();
    forget(conv.id);
    renderAll();
  } catch (e) {
    $('info-dialog').querySelector('.error').textContent = e.message;
  }
};
$('viewer').addEventListener('click', (event) => { if (event.target === $('viewer')) $('viewer').close(); });
