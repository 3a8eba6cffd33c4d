// Groups people can run: the group settings in the info dialog (rename, description, promote/demote, only admins
// send, invite link), joining by an invite link (#join/<conversationId>/<token>), live `group` frames, and history's
// system lines ("Ana renamed the group …", "Cy left"), which keep the names of people who left.
import { api, request } from './api.js';
import { displayName, el, isAdmin, isGroup, state, titleOf } from './state.js';
import { $, banner } from './ui.js';
import { loadConversations, refreshListSoon, renderAll } from './list.js';

// ---------------------------------------------------------------- system lines

const FRAME_TYPES = {
  renamed: 'group.renamed', described: 'group.described', adminPromoted: 'admin.promoted',
  adminDemoted: 'admin.demoted', sendPolicy: 'sendPolicy.changed', inviteLinkCreated: 'inviteLink.created',
  inviteLinkRevoked: 'inviteLink.revoked',
};

const who = (userId) => displayName(userId);
const names = (ids) => (ids || []).map(who).join(', ');

/** A system line's words, with names as known now (a line from history or from a live `group` frame). */
export function systemLineText(line) {
  const by = who(line.by);
  switch (line.type) {
    case 'group.created': return `${by} created the group “${line.title}”`;
    case 'members.added': return `${by} added ${names(line.userIds)}`;
    case 'member.joined': return `${by} joined using the invite link`;
    case 'member.left': return `${by} left`;
    case 'member.removed': return `${by} removed ${names(line.userIds)}`;
    case 'admin.appointed': return `${names(line.userIds)} is now an admin`;
    case 'admin.promoted': return `${by} made ${names(line.userIds)} an admin`;
    case 'admin.demoted': return `${by} made ${names(line.userIds)} no longer an admin`;
    case 'group.renamed': return `${by} renamed the group “${line.title}”`;
    case 'group.described': return line.description ? `${by} changed the group description` : `${by} removed the group description`;
    case 'sendPolicy.changed': return line.onlyAdminsSend ? `${by} let only admins send messages` : `${by} let all members send messages`;
    case 'inviteLink.created': return `${by} created a new invite link`;
    case 'inviteLink.revoked': return `${by} revoked the invite link`;
    default: return '';
  }
}

function notice(line) {
  return {
    line, afterSeq: line.afterSeq, at: line.at, change: `${line.type}#${line.position ?? line.at}`, userId: '',
    text: () => systemLineText(line),
  };
}

const LIVE_TYPES = {
  membersAdded: ['members.added', 'member.joined'], memberRemoved: ['member.removed', 'member.left'],
  adminAppointed: ['admin.appointed'],
};

/** What a system line says happened, per user it names, after which seq: to find it again. */
function lineKeys(line) {
  const users = line.userIds?.length ? line.userIds : [line.by];
  return users.map((userId) => `${line.type}|${userId}|${line.afterSeq}`);
}

/** The same for a notice this tab made from a live frame. */
function liveKeys(notice) {
  if (notice.line) return lineKeys(notice.line);
  return (LIVE_TYPES[notice.change] || []).map((type) => `${type}|${notice.userId}|${notice.afterSeq}`);
}

/**
 * A history page's system lines become the conversation's notices. They replace the notices this tab made from
 * live frames for the same changes (now with names from the read model).
 */
export function adoptSystemLines(conv, page) {
  const lines = page.systemLines || [];
  if (!lines.length) return;
  const inPage = new Set(lines.flatMap(lineKeys));
  const known = new Set(conv.notices.filter((n) => n.line?.position != null).map((n) => n.line.position));
  conv.notices = conv.notices.filter((n) => n.line?.position != null || !liveKeys(n).some((key) => inPage.has(key)));
  for (const line of lines) if (!known.has(line.position)) conv.notices.push(notice(line));
  conv.notices.sort((a, b) => a.afterSeq - b.afterSeq || (a.line?.position ?? Infinity) - (b.line?.position ?? Infinity));
}

/** The open chat's composer is closed to a member who is no admin while only admins may send. */
export function reflectSendPolicy(conv) {
  if (state.openId !== conv.id) return;
  const closed = isGroup(conv) && !!conv.group?.onlyAdminsSend && !isAdmin(conv);
  $('composer')?.classList.toggle('admins-only', closed);
  $('message-input')?.setAttribute('placeholder', closed ? 'Only admins can send messages' : 'Message');
}

// ---------------------------------------------------------------- live frames

/** A `group` frame: the group's state changes, and (but for a resume's `settings`) a system line. */
export function onGroupFrame(frame) {
  const conv = state.conversations.get(frame.conversationId);
  if (!conv) { refreshListSoon(); return; }
  conv.group ??= { description: '', onlyAdminsSend: false, inviteLink: false };
  const setAdmin = (userId, admin) => conv.members.forEach((m) => { if (m.userId === userId) m.admin = admin; });
  switch (frame.change) {
    case 'settings':
      conv.title = frame.title ?? conv.title;
      conv.group = { description: frame.description ?? '', onlyAdminsSend: !!frame.onlyAdminsSend, inviteLink: !!frame.inviteLink };
      conv.members.forEach((m) => { m.admin = (frame.admins || []).includes(m.userId); });
      break;
    case 'renamed': conv.title = frame.title; break;
    case 'described': conv.group.description = frame.description ?? ''; break;
    case 'adminPromoted': setAdmin(frame.userId, true); break;
    case 'adminDemoted': setAdmin(frame.userId, false); break;
    case 'sendPolicy': conv.group.onlyAdminsSend = !!frame.onlyAdminsSend; break;
    case 'inviteLinkCreated': conv.group.inviteLink = true; break;
    case 'inviteLinkRevoked': conv.group.inviteLink = false; break;
    default: return;
  }
  if (FRAME_TYPES[frame.change]) {
    conv.notices.push(notice({
      type: FRAME_TYPES[frame.change], by: frame.by, userIds: frame.userId ? [frame.userId] : null, title: frame.title,
      description: frame.description, onlyAdminsSend: frame.onlyAdminsSend, afterSeq: conv.lastSeq,
      at: new Date().toISOString(),
    }));
  }
  conv.membersChangedAt = Date.now();
  reflectSendPolicy(conv);
  renderAll();
  if ($('info-dialog').open && state.openId === conv.id) renderGroupSettings(conv);
}

// ---------------------------------------------------------------- the settings panel (in the info dialog)

const put = (target, body = {}) => request('PUT', target, body);
const path = (conv, tail) => `/api/v1/conversations/${conv.id}${tail}`;

/** Shows the group settings of the open conversation; only admins may change them. */
export function renderGroupSettings(conv) {
  const panel = $('group-settings');
  const group = isGroup(conv);
  panel.hidden = !group;
  if (!group) return;
  const admin = isAdmin(conv);
  $('info-title').textContent = titleOf(conv);
  const settings = conv.group || { description: '', onlyAdminsSend: false, inviteLink: false };
  $('info-description').textContent = settings.description || '';
  $('group-settings-form').hidden = !admin;
  if (!$('group-settings-form').contains(document.activeElement)) {
    $('group-title-input').value = conv.title || '';
    $('group-description-input').value = settings.description || '';
  }
  $('only-admins-send').checked = !!settings.onlyAdminsSend;
  $('only-admins-send').disabled = !admin;
  $('invite-link-state').textContent = settings.inviteLink ? 'The group has an invite link.' : 'No invite link.';
  $('revoke-invite-link').hidden = !admin || !settings.inviteLink;
  $('create-invite-link').hidden = !admin;
  $('create-invite-link').textContent = settings.inviteLink ? 'Reset invite link' : 'Create invite link';
  reflectSendPolicy(conv);
  renderInvited(conv, admin);
  // promote / demote, on the member list drawn by dialogs.js
  for (const item of $('info-members').querySelectorAll('li[data-user-id]')) {
    item.querySelector('.admin-toggle')?.remove();
    const userId = item.dataset.userId;
    const member = conv.members.find((m) => m.userId === userId);
    const lastAdmin = member?.admin && conv.members.filter((m) => m.admin).length === 1;
    if (!admin || !member || lastAdmin) continue;
    const label = member.admin ? 'Dismiss as admin' : 'Make admin';
    item.append(el('button', {
      type: 'button', class: 'link admin-toggle', 'aria-label': `${label}: ${displayName(userId)}`,
      onclick: () => change(conv, () => (member.admin
        ? api.del(path(conv, `/admins/${userId}`)) : put(path(conv, `/admins/${userId}`))),
      () => { member.admin = !member.admin; }),
    }, member.admin ? 'Dismiss admin' : 'Make admin'));
  }
}

/** To admins: who is invited and has not answered (docs/protocol.md#group-invitations), each with Cancel. */
function renderInvited(conv, admin) {
  const invited = admin ? conv.group?.invited || [] : [];
  $('info-invited').hidden = invited.length === 0;
  $('info-invited-list').replaceChildren(...invited.map((i) => el('li', { 'data-user-id': i.userId },
    el('span', { class: 'member-name', text: displayName(i.userId) }),
    el('span', { class: 'invited-by', text: `invited by ${i.invitedBy === state.me.userId ? 'you' : displayName(i.invitedBy)}` }),
    el('button', {
      type: 'button', class: 'link danger cancel-invitation', 'aria-label': `Cancel the invitation of ${displayName(i.userId)}`,
      onclick: () => change(conv, () => api.del(path(conv, `/invitations/${encodeURIComponent(i.userId)}`)), () => {
        conv.group = { ...conv.group, invited: (conv.group?.invited || []).filter((x) => x.userId !== i.userId) };
      }),
    }, 'Cancel'))));
}

async function change(conv, request, applied) {
  const error = $('group-settings-error');
  error.textContent = '';
  try {
    await request();
    applied?.();
    renderAll();
    renderGroupSettings(conv);
  } catch (e) {
    error.textContent = e.message;
  }
}

const openGroup = () => state.conversations.get(state.openId);

$('group-settings-form').onsubmit = (event) => {
  event.preventDefault();
  const conv = openGroup();
  const title = $('group-title-input').value.trim();
  const description = $('group-description-input').value.trim();
  if (!title) { $('group-settings-error').textContent = 'Give the group a name.'; return; }
  change(conv, async () => {
    if (title !== conv.title) await put(path(conv, '/title'), { title });
    if (description !== (conv.group?.description || '')) await put(path(conv, '/description'), { description });
  }, () => {
    conv.title = title;
    conv.group = { ...(conv.group || {}), description };
  });
};

$('only-admins-send').onchange = () => {
  const conv = openGroup();
  const onlyAdminsSend = $('only-admins-send').checked;
  change(conv, () => put(path(conv, '/send-policy'), { onlyAdminsSend }),
    () => { conv.group = { ...(conv.group || {}), onlyAdminsSend }; });
};

$('create-invite-link').onclick = () => {
  const conv = openGroup();
  change(conv, async () => {
    const link = await api.post(path(conv, '/invite-link'));
    $('invite-link-url').value = `${location.origin}${location.pathname}#join/${link.conversationId}/${link.token}`;
    $('invite-link-url').hidden = false;
  }, () => { conv.group = { ...(conv.group || {}), inviteLink: true }; });
};

$('revoke-invite-link').onclick = () => {
  const conv = openGroup();
  change(conv, () => api.del(path(conv, '/invite-link')), () => {
    conv.group = { ...(conv.group || {}), inviteLink: false };
    $('invite-link-url').value = '';
    $('invite-link-url').hidden = true;
  });
};

$('info-dialog').addEventListener('close', () => { $('invite-link-url').value = ''; $('invite-link-url').hidden = true; });

// ---------------------------------------------------------------- joining by link

const JOIN = /^#join\/([^/]+)\/([A-Za-z0-9_-]+)$/;

/** When the page was opened with an invite link: joins, and answers the conversation id to open (else null). */
export async function joinFromLink() {
  const match = JOIN.exec(location.hash);
  if (!match) return null;
  const [, conversationId, token] = match;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`); // the token leaves the URL
  try {
    await api.post(`/api/v1/conversations/${encodeURIComponent(conversationId)}/join`, { token });
    // a 204 brings no body to carry the consistency token: ask the list until the read model has the group
    for (let attempt = 0; attempt < 20; attempt++) {
      await loadConversations(false).catch(() => {});
      if (state.conversations.get(conversationId)?.members.length) return conversationId;
      await new Promise((resolve) => { setTimeout(resolve, 300); });
    }
    return null;
  } catch (e) {
    banner(e.status === 404 ? 'This invite link was revoked or is not valid.' : e.message, 'error');
    return null;
  }
}
