// The realtime connection (docs/protocol.md): one WebSocket per tab, `resume` with the last seq of every known
// conversation after each (re)connect, automatic reconnect with backoff, requests answered by `ack`/`error`.
// Every token refresh is handed to the open socket (`auth`), which the server would otherwise close at expiry.
import { session, refresh, tokenIsFresh, onTokens, onSignedOut } from './auth.js';

const SESSION_REVOKED = 4401;

export class Socket {
  constructor({ positions, changes, onFrame, onState }) {
    this.positions = positions;   // () => {conversationId: lastSeq}
    this.changes = changes;       // () => {conversationId: lastChange} (message actions)
    this.onFrame = onFrame;
    this.onState = onState;       // 'connecting' | 'online' | 'offline'
    this.ws = null;
    this.pending = new Map();     // frame id -> {resolve, reject, frame}
    this.nextId = 1;
    this.attempt = 0;
    this.stopped = true;
    this.held = false;            // debug hook: stay offline
    this.live = false;            // resumed: frames may be sent
    this.timer = null;
    this.pingTimer = null;
    this.waitingForPong = null;
    this.opens = 0;               // sockets opened so far (tests: an `auth` keeps one socket going)
    onTokens((tokens) => this.authenticate(tokens.accessToken));
  }

  /** Keeps the open socket alive past the old token's expiry; a refused `auth` leaves it to close and reconnect. */
  authenticate(accessToken) {
    if (this.stopped || !this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const id = this.id();
    this.pending.set(id, { resolve: () => {}, reject: () => {} });
    this.ws.send(JSON.stringify({ type: 'auth', id, accessToken }));
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pingTimer);
    if (this.ws) this.ws.close(1000, 'bye');
    this.ws = null;
    this.failAll('Signed out');
  }

  /** Testing and debugging: drop the connection and stay offline until goOnline(). */
  goOffline() {
    this.held = true;
    if (this.ws) this.ws.close(4000, 'offline');
  }

  goOnline() {
    this.held = false;
    this.attempt = 0;
    if (!this.ws) this.connect();
  }

  async connect() {
    if (this.stopped || this.held || this.ws) return;
    clearTimeout(this.timer);
    this.onState('connecting');
    if (!tokenIsFresh()) await refresh();
    const current = session();
    if (!current || this.stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    let ws;
    try {
      ws = new WebSocket(`${scheme}://${location.host}/ws`, ['parley.v1', current.accessToken]);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.live = false;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.opens++;
      this.attempt = 0;
      const id = this.id();
      this.pending.set(id, {
        resolve: () => { this.live = true; this.onState('online'); this.flush(); },
        reject: () => ws.close(4000, 'resume failed'),
      });
      ws.send(JSON.stringify({ type: 'resume', id, positions: this.positions(), changes: this.changes?.() ?? {} }));
      this.startPings(ws);
    };
    ws.onmessage = (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame.type === 'pong') { this.waitingForPong = null; return; }
      if ((frame.type === 'ack' || frame.type === 'error') && frame.id && this.pending.has(frame.id)) {
        const waiter = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        if (frame.type === 'ack') waiter.resolve(frame); else waiter.reject(frame);
        return;
      }
      this.onFrame(frame);
    };
    ws.onclose = async (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.live = false;
      clearInterval(this.pingTimer);
      // requests in flight are sent again after the next resume (sends are idempotent by clientMessageId)
      for (const [id, waiter] of this.pending) {
        if (!waiter.frame) this.pending.delete(id);
      }
      if (this.stopped) return;
      if (event.code === SESSION_REVOKED) {
        // logged out here from another device, or the refresh token was reused: the session is over
        onSignedOut('This device was signed out. Please sign in again.');
        return;
      }
      this.onState('offline');
      // a refused handshake (never opened) is most likely an expired token
      if (!opened) await refresh();
      this.scheduleReconnect();
    };
  }

  /**
   * The browser says its network is gone: give the socket up now (a missed pong would take 20–40 s to tell), without
   * waiting for a closing handshake that cannot happen, and reconnect with the usual backoff.
   */
  networkLost() {
    const ws = this.ws;
    if (!ws || this.stopped) return;
    ws.onclose = null;
    try { ws.close(4002, 'network lost'); } catch { /* closing anyway */ }
    this.ws = null;
    this.live = false;
    clearInterval(this.pingTimer);
    for (const [id, waiter] of this.pending) {
      if (!waiter.frame) this.pending.delete(id);
    }
    this.onState('offline');
    this.scheduleReconnect();
  }

  /** The network is back: reconnect at once instead of after the backoff. */
  networkBack() {
    if (this.stopped || this.held) return;
    this.attempt = 0;
    clearTimeout(this.timer);
    if (!this.ws) this.connect();
  }

  scheduleReconnect() {
    if (this.stopped || this.held) return;
    const base = Math.min(10_000, 500 * 2 ** this.attempt++);
    this.timer = setTimeout(() => this.connect(), base / 2 + Math.random() * base / 2);
  }

  startPings(ws) {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (this.waitingForPong && Date.now() - this.waitingForPong > 20_000) {
        ws.close(4001, 'no pong'); // presumed dead: reconnect
        return;
      }
      if (!this.waitingForPong) this.waitingForPong = Date.now();
      ws.send(JSON.stringify({ type: 'ping', id: 'p' + this.nextId++ }));
    }, 20_000);
  }

  id() { return 'f' + this.nextId++; }

  get connected() { return this.live && this.ws && this.ws.readyState === WebSocket.OPEN; }

  /** A frame that expects an answer; kept and sent again after a reconnect until answered. */
  request(frame) {
    return new Promise((resolve, reject) => {
      const id = this.id();
      const full = { ...frame, id };
      this.pending.set(id, { resolve, reject, frame: full, sent: false });
      if (this.connected) this.transmit(id);
    });
  }

  /** Fire and forget, only when connected (typing, watermarks that are sent again anyway). */
  send(frame) {
    if (this.connected) this.ws.send(JSON.stringify(frame));
  }

  transmit(id) {
    const waiter = this.pending.get(id);
    if (!waiter?.frame) return;
    waiter.sent = true;
    this.ws.send(JSON.stringify(waiter.frame));
  }

  flush() {
    for (const [id, waiter] of this.pending) {
      if (waiter.frame) this.transmit(id);
    }
  }

  failAll(reason) {
    for (const waiter of this.pending.values()) waiter.reject({ detail: reason });
    this.pending.clear();
  }
}
