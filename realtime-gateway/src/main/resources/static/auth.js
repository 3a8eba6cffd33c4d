// Sign in, register, refresh and logout. Tokens live per tab (sessionStorage), each tab is a device of its own.
const KEY = 'parley.session';
const DEVICE = 'parley.deviceId';
let current = load();
let refreshTimer = null;
let refreshing = null;
const signedOutListeners = [];
const tokenListeners = [];

function load() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

function save(next) {
  current = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next)); else sessionStorage.removeItem(KEY);
}

export function deviceId() {
  let id = sessionStorage.getItem(DEVICE);
  if (!id) {
    id = 'web-' + crypto.randomUUID().slice(0, 13);
    sessionStorage.setItem(DEVICE, id);
  }
  return id;
}

export function session() { return current; }
export function onTokens(listener) { tokenListeners.push(listener); }
export function onSignedOutListener(listener) { signedOutListeners.push(listener); }

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

/** Rotates the refresh token; true when the tab has fresh tokens. Concurrent callers share one request. */
export function refresh() {
  if (!current) return Promise.resolve(false);
  if (!refreshing) {
    const old = current;
    refreshing = post('/api/v1/auth/refresh', { refreshToken: old.refreshToken, deviceId: old.deviceId })
      .then((tokens) => { accept(tokens); return true; })
      .catch((e) => e.status ? false : Promise.reject(e))
      .finally(() => { refreshing = null; });
  }
  return refreshing.catch(() => false);
}

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
