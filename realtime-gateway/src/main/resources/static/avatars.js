// Avatars: initials (or the group icon) on a colour that follows from the user's or group's id, so that a person looks
// the same in the list, in the chat header and, to themselves, in their own corner. The colour is set through CSSOM
// (a custom property), which the page's Content-Security-Policy (style-src 'self') allows.
import { initials } from './state.js';
import { icon } from './icons.js';

/** A hue 0-359 from an id (FNV-1a): the same id gives the same colour in every browser. */
export function hueOf(id) {
  let hash = 0x811c9dc5;
  for (const char of String(id || '')) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 360;
}

/** Paints an avatar element: the id's colour; the group icon or the name's initials; extra children (a presence dot). */
export function paintAvatar(element, { id, name, group = false }, ...extra) {
  element.style.setProperty('--avatar-hue', String(hueOf(id)));
  element.dataset.avatarOf = id || '';
  element.replaceChildren(group ? icon('group') : initials(name), ...extra.filter(Boolean));
  return element;
}
