// REST calls with the tab's access token; one refresh and retry on a 401.
import { session, refresh, onSignedOut } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problemType = problem?.type || '';
  }
}

async function parse(response) {
  const text = await response.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return { detail: text }; }
}

// consistency: a command answer's Parley-Consistency token, for a query to answer only once it includes that write
// (docs/protocol.md); a command's token comes back as the answer's `consistency`
// idempotencyKey: one per form submission, so that the server creates one thing however often the request arrives
export async function request(method, path, body, { auth = true, retry = true, consistency, idempotencyKey } = {}) {
  const headers = {};
  if (consistency) headers['Parley-Consistency'] = consistency;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const current = session();
  if (auth && current) headers.Authorization = `Bearer ${current.accessToken}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: 'Parley cannot be reached. Check your connection.' });
  }
  if (response.status === 401 && auth && retry) {
    if (await refresh()) return request(method, path, body, { auth, retry: false, consistency, idempotencyKey });
    onSignedOut('Your session has ended. Please sign in again.');
  }
  const data = await parse(response);
  if (!response.ok) throw new ApiError(response.status, data);
  const token = response.headers.get('Parley-Consistency');
  if (token && data && typeof data === 'object' && !Array.isArray(data)) data.consistency = token;
  return data;
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body = {}, options = {}) => request('POST', path, body, options),
  del: (path) => request('DELETE', path),
};

/** A random key for one submission (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
