// Media: checks against the server's allow-list and limits (media module: MediaKind, parley.media.upload.*),
// uploads straight to the presigned storage URL(s) with progress, parts in parallel with retries, and display.
import { api, ApiError } from './api.js';

const MB = 1024 * 1024;
/** Mirrors MediaKind's declarable types and the default parley.media.upload.max-*-size. The server checks again. */
export const KINDS = {
  image: { label: 'Images', max: 16 * MB, types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] },
  video: { label: 'Videos', max: 512 * MB, types: ['video/mp4', 'video/quicktime', 'video/webm'] },
  audio: { label: 'Audio files', max: 64 * MB, types: ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/ogg', 'audio/wav'] },
  document: {
    label: 'Documents', max: 100 * MB, types: ['application/pdf', 'text/plain',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  },
};
const BY_EXTENSION = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', wav: 'audio/wav',
  pdf: 'application/pdf', txt: 'text/plain',
  docx: KINDS.document.types[2], xlsx: KINDS.document.types[3], pptx: KINDS.document.types[4],
};
const ALIASES = { 'audio/x-wav': 'audio/wav', 'audio/wave': 'audio/wav', 'audio/x-m4a': 'audio/mp4', 'audio/mp3': 'audio/mpeg' };
const PARALLEL_PARTS = 3;
const RETRIES_PER_PART = 3;

export function formatSize(bytes) {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** {mediaType, fileType} for an allowed file, or throws an Error with a message for people. */
export function classify(file) {
  const extension = (file.name.split('.').pop() || '').toLowerCase();
  let fileType = (file.type || '').toLowerCase();
  fileType = ALIASES[fileType] || fileType;
  const known = (type) => Object.entries(KINDS).find(([, kind]) => kind.types.includes(type));
  let match = known(fileType) || (!fileType || fileType === 'application/octet-stream' ? known(BY_EXTENSION[extension]) : null);
  if (match && !known(fileType)) fileType = BY_EXTENSION[extension];
  if (!match) {
    throw new Error(`“${file.name}” cannot be sent: this file type is not allowed. You can send images (JPEG, PNG, GIF, WebP), `
      + 'videos (MP4, MOV, WebM), audio (MP3, M4A, AAC, OGG, WAV) and documents (PDF, TXT, DOCX, XLSX, PPTX).');
  }
  const [mediaType, kind] = match;
  if (file.size === 0) throw new Error(`“${file.name}” is empty.`);
  if (file.size > kind.max) {
    throw new Error(`“${file.name}” is too large (${formatSize(file.size)}). ${kind.label} can be at most ${formatSize(kind.max)}.`);
  }
  return { mediaType, fileType };
}

function put(url, blob, contentType, onProgress, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag'));
      else reject(Object.assign(new Error(`Storage refused the upload (${xhr.status})`), { status: xhr.status }));
    };
    // a refused CORS preflight looks the same to a page as a dropped connection
    xhr.onerror = () => reject(new Error('the file storage could not be reached (network error, or it does not allow uploads from this page)'));
    xhr.onabort = () => reject(Object.assign(new Error('Upload cancelled'), { cancelled: true }));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Uploads a file: upload session, PUT(s), completion. `onProgress(fraction)`. Returns {promise, cancel}; the
 * promise gives the completed media ({mediaId, status, ...}).
 */
export function upload(file, { mediaType, fileType }, onProgress) {
  const controller = new AbortController();
  const promise = (async () => processed(await transfer(file, { mediaType, fileType }, onProgress, controller)))();
  return { promise, cancel: () => controller.abort() };
}

/**
 * Waits while a completed media is PROCESSING: where the server scans for viruses it may be attached only once READY,
 * and an infected file ends FAILED. After a minute it is sent anyway (the server has the last word).
 */
async function processed(media) {
  let info = media;
  for (let wait = 250; info.status === 'PROCESSING' && wait <= 16000; wait *= 2) {
    await sleep(wait);
    info = await api.get(`/api/v1/media/${encodeURIComponent(media.mediaId)}`);
  }
  if (info.status === 'FAILED') {
    throw new Error(info.failureReason ? `the file was refused (${info.failureReason})` : 'the file could not be processed');
  }
  return { ...media, ...info };
}

async function transfer(file, { mediaType, fileType }, onProgress, controller) {
  const session = await api.post('/api/v1/media/upload-session',
    { fileName: file.name, fileType, fileSize: file.size, mediaType });
  if (controller.signal.aborted) throw Object.assign(new Error('Upload cancelled'), { cancelled: true });
  if (session.uploadUrl) {
    await put(session.uploadUrl, file, fileType, (loaded) => onProgress(loaded / file.size), controller.signal);
    onProgress(1);
    return api.post(`/api/v1/media/${session.mediaId}/complete`);
  }
  const loaded = new Array(session.totalParts).fill(0);
  const report = () => onProgress(loaded.reduce((a, b) => a + b, 0) / file.size);
  const parts = new Array(session.totalParts);
  let next = 0;
  const worker = async () => {
    while (next < session.totalParts) {
      const index = next++;
      const blob = file.slice(index * session.partSize, Math.min(file.size, (index + 1) * session.partSize));
      for (let attempt = 0; ; attempt++) {
        try {
          const etag = await put(session.partUrls[index], blob, null,
            (bytes) => { loaded[index] = bytes; report(); }, controller.signal);
          if (!etag) throw new Error('Storage gave no ETag for a part (CORS must expose ETag)');
          parts[index] = { partNumber: index + 1, etag };
          loaded[index] = blob.size;
          report();
          break;
        } catch (e) {
          loaded[index] = 0;
          if (e.cancelled || attempt >= RETRIES_PER_PART || (e.status >= 400 && e.status < 500)) throw e;
          await sleep(500 * 2 ** attempt);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, session.totalParts) }, worker));
  return api.post(`/api/v1/media/${session.mediaId}/complete-multipart`, { uploadId: session.uploadId, parts });
}

// ---- display: GET /api/v1/media/{id} gives short-lived signed URLs; cache them until shortly before expiry
const cache = new Map();

export async function mediaInfo(mediaId, { wantThumbnail = false } = {}) {
  const cached = cache.get(mediaId);
  if (cached && cached.expires > Date.now() && (!wantThumbnail || cached.info.thumbnailUrl)) return cached.info;
  let info;
  // a recipient may ask a moment before the media module has seen the message that shares it with them (404)
  for (let wait = 250; ; wait *= 2) {
    try {
      info = await api.get(`/api/v1/media/${encodeURIComponent(mediaId)}`);
      break;
    } catch (e) {
      if (e.status !== 404 || wait > 8000) throw e;
      await sleep(wait);
    }
  }
  const expires = info.urlExpiresAt ? Date.parse(info.urlExpiresAt) - 30_000 : Date.now() + 2000;
  cache.set(mediaId, { info, expires });
  return info;
}

/**
 * The signed CDN links a message carries (cdnUrl, cdnThumbnailUrl: through the caching edge, no API call), as
 * {url, thumbnailUrl}; null where it has none or they expire within a minute (a message kept since it arrived).
 */
export function cdnLinks(media) {
  if (!media?.cdnUrl || !media.cdnUrlExpiresAt || Date.parse(media.cdnUrlExpiresAt) - 60_000 <= Date.now()) return null;
  return { url: media.cdnUrl, thumbnailUrl: media.cdnThumbnailUrl || null };
}

/** Waits (briefly) for the thumbnail of an image that is still being processed. */
export async function imageInfo(mediaId) {
  let info = await mediaInfo(mediaId, { wantThumbnail: true });
  for (let wait = 500; info.status !== 'READY' && info.status !== 'FAILED' && wait <= 8000; wait *= 2) {
    await sleep(wait);
    cache.delete(mediaId);
    info = await mediaInfo(mediaId);
  }
  return info;
}

export { ApiError };
