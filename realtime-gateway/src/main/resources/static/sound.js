// A short tone for a message in a chat that is not on screen (notifications.js decides when), synthesized with the
// Web Audio API: no audio file, nothing from another origin. Each user can turn sounds off with the speaker button in
// the list's header; the choice stays in this browser (localStorage), per user.
import { state, el } from './state.js';
import { icon } from './icons.js';

const offKey = () => `parley.sounds-off.${state.me?.userId}`;
export const soundsOn = () => localStorage.getItem(offKey()) !== 'true';

// a page may make sound only once the user interacted with it: the context is made (or resumed) at the first gesture
let context = null;
function wake() {
  if (!('AudioContext' in window)) return;
  context ??= new AudioContext();
  if (context.state === 'suspended') context.resume().catch(() => {});
}
for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, wake, { capture: true, passive: true });

const QUIET_MS = 1500; // a burst (a catch-up after reconnecting) plays one tone, not a chord of them
let lastPlayed = -Infinity;

/** Two soft rising blips, a quarter of a second, unless sounds are off, one just played or the page may not play yet. */
export function playMessageSound() {
  if (!soundsOn() || !context || context.state !== 'running') return;
  if (performance.now() - lastPlayed < QUIET_MS) return;
  lastPlayed = performance.now();
  const now = context.currentTime;
  const volume = context.createGain();
  volume.connect(context.destination);
  volume.gain.setValueAtTime(0.0001, now);
  volume.gain.exponentialRampToValueAtTime(0.15, now + 0.01);
  volume.gain.exponentialRampToValueAtTime(0.0001, now + 0.25);
  const tone = context.createOscillator();
  tone.type = 'sine';
  tone.frequency.setValueAtTime(880, now);
  tone.frequency.setValueAtTime(1320, now + 0.09);
  tone.connect(volume);
  tone.start(now);
  tone.stop(now + 0.26);
}

const button = el('button', { type: 'button', id: 'sound-toggle', class: 'icon-button', 'aria-pressed': 'true' });
document.getElementById('logout').before(button);
button.onclick = () => {
  if (soundsOn()) localStorage.setItem(offKey(), 'true'); else localStorage.removeItem(offKey());
  renderSoundButton();
};

/** The speaker button as this user left it (at start, after sign in). */
export function renderSoundButton() {
  const on = soundsOn();
  button.setAttribute('aria-pressed', String(on));
  const label = 'Message sounds';
  button.setAttribute('aria-label', label);
  button.title = on ? 'Message sounds are on' : 'Message sounds are off';
  button.replaceChildren(icon(on ? 'volume' : 'volume-off'));
}
