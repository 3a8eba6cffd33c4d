// Sign in, register, refresh and logout. The session is the browser's (localStorage), shared by its tabs: one device
// per browser. Tabs rotate the refresh token one at a time (a Web Lock) and take over what another tab rotated,
// because presenting a refresh token that was already rotated revokes the device (docs/protocol.md, "Sessions").
const KEY = 'parley.session';
const DEVICE = 'parley.deviceId';
let current = load();
let refreshTimer = null;
let refreshing = null;
const signedOutListeners = [];
const tokenListeners = [];
const signedInListeners = [];

function load() {
  try { return JSON.parse(localStorage.getItem(KEY)); } catch { return null; }
}

function save(next) {
  current = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next)); else localStorage.removeItem(KEY);
}

export function deviceId() {
  let id = localStorage.getItem(DEVICE);
  if (!id) {
    id = 'web-' + crypto.randomUUID().slice(0, 13);
    localStorage.setItem(DEVICE, id);
  }
  return id;
}

export function session() { return current; }
export function onTokens(listener) { tokenListeners.push(listener); }
export function onSignedOutListener(listener) { signedOutListeners.push(listener); }
export function onSignedInElsewhere(listener) { signedInListeners.push(listener); }

async function post(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch {
    throw new Error('Parley cannot be reached. Check your connection.');
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (!response.ok) {
    const error = new Error(data?.detail || data?.title || `Request failed (${response.status})`);
    error.status = response.status;
    error.problemType = data?.type;
    throw error;
  }
  return data;
}

function accept(tokens, username) {
  save({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    userId: tokens.userId,
    username: username ?? current?.username,
    deviceId: deviceId(),
    expiresAt: Date.now() + tokens.expiresIn * 1000,
  });
  scheduleRefresh();
  tokenListeners.forEach((listener) => listener(current));
}

export async function login(username, password) {
  const name = username.trim().toLowerCase();
  const tokens = await post('/api/v1/auth/login', { username: name, password, deviceId: deviceId() });
  accept(tokens, name);
  return current;
}

export async function register(username, password, displayName) {
  await post('/api/v1/auth/register', { username: username.trim(), password, displayName: displayName?.trim() || undefined });
  return login(username, password);
}

/** Tokens another tab stored become this tab's. */
function adopt(tokens) {
  current = tokens;
  scheduleRefresh();
  tokenListeners.forEach((listener) => listener(current));
}

/** One tab of the browser at a time (where the browser has Web Locks). */
function exclusively(task) {
  return navigator.locks ? navigator.locks.request('parley.refresh', task) : task();
}

/**
 * Rotates the refresh token; true when the tab has fresh tokens. Concurrent callers share one request; a tab that
 * finds the token rotated by another tab meanwhile takes the new tokens instead of presenting a used one.
 */
export function refresh() {
  if (!current) return Promise.resolve(false);
  if (!refreshing) {
    const old = current;
    refreshing = exclusively(async () => {
      const stored = load();
      if (!stored) return false;
      if (stored.refreshToken !== old.refreshToken) { adopt(stored); return true; }
      const tokens = await post('/api/v1/auth/refresh', { refreshToken: stored.refreshToken, deviceId: stored.deviceId });
      accept(tokens);
      return true;
    })
      .catch((e) => e.status ? false : Promise.reject(e))
      .finally(() => { refreshing = null; });
  }
  return refreshing.catch(() => false);
}

// another tab signed in, rotated the tokens or signed out
window.addEventListener('storage', (event) => {
  if (event.key !== KEY && event.key !== null) return;
  const next = load();
  if (!next) {
    if (current) {
      current = null;
      clearTimeout(refreshTimer);
      signedOutListeners.forEach((listener) => listener(''));
    }
    return;
  }
  const wasSignedIn = !!current && current.userId === next.userId;
  adopt(next);
  if (!wasSignedIn) signedInListeners.forEach((listener) => listener());
});

/**
 * Refresh at 80% of the access token's life, at least 30 s before it expires, but never before half of it (short-lived
 * tokens would refresh in a loop); right away when it has expired. Each new token also goes to the open socket (`auth`).
 */
export function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!current) return;
  const lifetime = current.expiresAt - Date.now();
  const delay = Math.max(0, lifetime / 2, lifetime - Math.max(30_000, lifetime * 0.2));
  refreshTimer = setTimeout(async () => {
    const ok = await refresh();
    if (!ok && current) {
      if (Date.now() < current.expiresAt) scheduleRefresh(); // network trouble: try again later
      else onSignedOut('Your session has ended. Please sign in again.');
    }
  }, Math.min(delay, 2 ** 31 - 1));
}

export function tokenIsFresh() {
  return current && current.expiresAt - Date.now() > 10_000;
}

export async function logout() {
  const token = current?.accessToken;
  clearTimeout(refreshTimer);
  save(null);
  if (token) {
    try { await post('/api/v1/auth/logout', {}, token); } catch { /* signed out locally anyway */ }
  }
  signedOutListeners.forEach((listener) => listener(''));
}

export function onSignedOut(message) {
  clearTimeout(refreshTimer);
  save(null);
  signedOutListeners.forEach((listener) => listener(message));
}
