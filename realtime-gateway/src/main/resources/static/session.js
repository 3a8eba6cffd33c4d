// The sign-in / create-account view, and what signing out clears.
import * as auth from './auth.js';
import { state } from './state.js';
import { $, banner } from './ui.js';
import { route } from './chat-view.js';
import { resetComposers } from './composer.js';
import { stopSocket } from './realtime.js';
import { startApp } from './app.js';

let registering = false;

export function showAuth(message = '') {
  $('app-view').hidden = true;
  $('auth-view').hidden = false;
  $('auth-error').textContent = message;
  banner('');
  document.title = 'Parley';
  $('auth-username').focus();
}

export function setAuthMode(register) {
  registering = register;
  $('tab-login').setAttribute('aria-selected', String(!register));
  $('tab-register').setAttribute('aria-selected', String(register));
  $('auth-form').setAttribute('aria-labelledby', register ? 'tab-register' : 'tab-login');
  $('display-name-row').hidden = !register;
  $('auth-password').autocomplete = register ? 'new-password' : 'current-password';
  $('auth-submit').textContent = register ? 'Create account' : 'Sign in';
  $('auth-error').textContent = '';
}

$('tab-login').onclick = () => setAuthMode(false);
$('tab-register').onclick = () => setAuthMode(true);
$('auth-form').addEventListener('keydown', (e) => {
  if (e.target.getAttribute('role') === 'tab' && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) setAuthMode(!registering);
});
$('auth-form').onsubmit = async (event) => {
  event.preventDefault();
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  const error = $('auth-error');
  if (!/^[A-Za-z0-9_.]{3,32}$/.test(username)) { error.textContent = 'A username has 3 to 32 letters, digits, “_” or “.”.'; return; }
  if (registering && password.length < 10) { error.textContent = 'A password needs at least 10 characters.'; return; }
  $('auth-submit').disabled = true;
  error.textContent = '';
  try {
    if (registering) await auth.register(username, password, $('auth-display-name').value);
    else await auth.login(username, password);
    $('auth-password').value = '';
    startApp();
  } catch (e) {
    error.textContent = e.problemType?.endsWith('username-taken') ? `The username “${username}” is taken.` : e.message;
  } finally {
    $('auth-submit').disabled = false;
  }
};

auth.onSignedOutListener((message) => {
  stopSocket();
  state.conversations.clear();
  state.openId = null;
  resetComposers();
  route(null, 'replace');
  showAuth(message);
});
// another tab of this browser signed in: this one starts afresh with that session
auth.onSignedInElsewhere(() => location.reload());

$('logout').onclick = () => auth.logout();
