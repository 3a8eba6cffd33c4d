// An emoji picker beside the composer: the emoji come from the system's emoji font (styles.css names a colour emoji
// stack), nothing is fetched from another origin. A pick goes in at the caret as if typed (the composer's input event
// keeps the draft, the length check and the height), and the caret stays after it.
import { el } from './state.js';
import { icon } from './icons.js';

const EMOJI = [
  ['😀', 'grinning face'], ['😂', 'face with tears of joy'], ['🤣', 'rolling on the floor laughing'], ['😊', 'smiling face'],
  ['😍', 'heart eyes'], ['😘', 'face blowing a kiss'], ['😉', 'winking face'], ['😎', 'smiling face with sunglasses'],
  ['🤔', 'thinking face'], ['🙄', 'face with rolling eyes'], ['😅', 'grinning face with sweat'], ['😇', 'smiling face with halo'],
  ['🥳', 'partying face'], ['😴', 'sleeping face'], ['😢', 'crying face'], ['😭', 'loudly crying face'],
  ['😡', 'angry face'], ['😱', 'face screaming in fear'], ['🤗', 'hugging face'], ['🤩', 'star struck'],
  ['😬', 'grimacing face'], ['🙃', 'upside down face'], ['😏', 'smirking face'], ['🤯', 'exploding head'],
  ['👍', 'thumbs up'], ['👎', 'thumbs down'], ['👏', 'clapping hands'], ['🙏', 'folded hands'],
  ['🙌', 'raising hands'], ['👋', 'waving hand'], ['👌', 'OK hand'], ['✌️', 'victory hand'],
  ['💪', 'flexed biceps'], ['🤝', 'handshake'], ['👀', 'eyes'], ['🤞', 'crossed fingers'],
  ['❤️', 'red heart'], ['💔', 'broken heart'], ['💯', 'hundred points'], ['🔥', 'fire'],
  ['✨', 'sparkles'], ['🎉', 'party popper'], ['🎂', 'birthday cake'], ['🎁', 'wrapped gift'],
  ['☀️', 'sun'], ['🌧️', 'cloud with rain'], ['🌈', 'rainbow'], ['⭐', 'star'],
  ['☕', 'hot beverage'], ['🍕', 'pizza'], ['🍻', 'clinking beer mugs'], ['🍰', 'shortcake'],
  ['🚗', 'car'], ['✈️', 'airplane'], ['🏠', 'house'], ['⏰', 'alarm clock'],
  ['✅', 'check mark button'], ['❌', 'cross mark'], ['❓', 'question mark'], ['⚠️', 'warning'],
];

const input = document.getElementById('message-input');
const toggle = el('button', {
  type: 'button', id: 'emoji-button', class: 'icon-button', 'aria-label': 'Emoji', title: 'Emoji',
  'aria-expanded': 'false', 'aria-controls': 'emoji-panel',
}, icon('emoji'));
const panel = el('div', { id: 'emoji-panel', class: 'emoji-panel', role: 'group', 'aria-label': 'Emoji', hidden: true },
  EMOJI.map(([emoji, name]) => el('button', {
    type: 'button', class: 'emoji-choice', 'data-emoji': emoji, 'aria-label': name, title: name, text: emoji,
    onclick: () => pick(emoji),
  })));
document.getElementById('attach').before(toggle);
document.getElementById('composer').before(panel);

function show(open) {
  panel.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
  if (open) panel.querySelector('button').focus();
}

function pick(emoji) {
  const { selectionStart, selectionEnd } = input;
  input.focus();
  input.setRangeText(emoji, selectionStart, selectionEnd, 'end');
  input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: emoji }));
}

toggle.onclick = () => show(panel.hidden);
// Escape closes the panel, from the panel (back to its button) or from the composer (which keeps the focus)
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || panel.hidden) return;
  const inPanel = panel.contains(document.activeElement);
  if (!inPanel && document.activeElement !== input && document.activeElement !== toggle) return;
  event.preventDefault();
  show(false);
  if (inPanel) toggle.focus();
});
document.addEventListener('click', (event) => {
  if (!panel.hidden && !panel.contains(event.target) && !toggle.contains(event.target)) show(false);
});
