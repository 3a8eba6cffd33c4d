// The new group's member field as a contact picker: typing suggests the people of my chats by name (a combobox with
// a listbox, arrow keys and Enter or a click to pick), picked people become chips (Backspace or their × removes them).
// Someone not among my chats is typed as a username, looked up when the group is created: there is no user search
// on the server, so that usernames cannot be listed by guessing prefixes.
import { el, state } from './state.js';

const input = document.getElementById('new-group-members');
const chips = el('ul', { id: 'member-chips', class: 'member-chips', role: 'list', 'aria-label': 'Members picked' });
const options = el('ul', { id: 'member-suggestions', class: 'member-suggestions', role: 'listbox', 'aria-label': 'People', hidden: true });
const chosen = new Map(); // userId → name
let active = -1;

input.before(chips);
input.after(options);
input.setAttribute('role', 'combobox');
input.setAttribute('aria-autocomplete', 'list');
input.setAttribute('aria-expanded', 'false');
input.setAttribute('aria-controls', options.id);
input.setAttribute('autocomplete', 'off');
input.placeholder = 'Type a name or a username';
document.querySelector('label[for="new-group-members"]').textContent = 'Members';

/** Case and accent blind. */
const folded = (text) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

function suggestions() {
  const query = folded(input.value.trim().replace(/^@/, ''));
  if (!query) return [];
  return [...state.users.entries()]
    .filter(([userId, user]) => userId !== state.me?.userId && !chosen.has(userId) && user.displayName
      && folded(user.displayName).split(/\s+/).concat(folded(user.displayName)).some((word) => word.startsWith(query)))
    .map(([userId, user]) => ({ userId, name: user.displayName }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 8);
}

function renderOptions() {
  const found = suggestions();
  active = Math.min(active, found.length - 1);
  options.replaceChildren(...found.map((person, i) => el('li', {
    id: `member-option-${i}`, role: 'option', class: 'member-option', 'data-user-id': person.userId,
    'aria-selected': String(i === active), onmousedown: (event) => event.preventDefault(), onclick: () => pick(person),
  }, person.name)));
  options.hidden = found.length === 0;
  input.setAttribute('aria-expanded', String(!options.hidden));
  if (active >= 0) input.setAttribute('aria-activedescendant', `member-option-${active}`);
  else input.removeAttribute('aria-activedescendant');
  return found;
}

function renderChips() {
  chips.replaceChildren(...[...chosen].map(([userId, name]) => el('li', { class: 'member-chip', 'data-user-id': userId },
    el('span', { text: name }),
    el('button', {
      type: 'button', class: 'chip-remove', 'aria-label': `Remove ${name}`, text: '×',
      onclick: () => { chosen.delete(userId); renderChips(); input.focus(); },
    }))));
}

function pick(person) {
  chosen.set(person.userId, person.name);
  input.value = '';
  active = -1;
  renderChips();
  renderOptions();
  input.focus();
}

input.addEventListener('input', () => { active = -1; renderOptions(); });
input.addEventListener('blur', () => { options.hidden = true; input.setAttribute('aria-expanded', 'false'); });
input.addEventListener('keydown', (event) => {
  const found = options.hidden ? [] : suggestions();
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (!found.length) return;
    event.preventDefault();
    active = event.key === 'ArrowDown' ? (active + 1) % found.length : (active - 1 + found.length) % found.length;
    renderOptions();
  } else if (event.key === 'Enter' && active >= 0 && found[active]) {
    event.preventDefault(); // picks; Enter without a highlighted suggestion submits the form
    pick(found[active]);
  } else if (event.key === 'Escape' && !options.hidden) {
    event.preventDefault();
    event.stopPropagation(); // closes the list, not the dialog
    options.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  } else if (event.key === 'Backspace' && !input.value && chosen.size) {
    chosen.delete([...chosen.keys()].pop());
    renderChips();
  }
});

/** The people picked, as user ids (what is still typed in the field is for the caller to look up). */
export function pickedMembers() {
  return [...chosen.keys()];
}

export function resetContactPicker() {
  chosen.clear();
  active = -1;
  renderChips();
  renderOptions();
}
