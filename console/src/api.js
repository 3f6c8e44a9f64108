// The public API, called with the signed-in credentials. The credentials
// live in sessionStorage only: gone when the tab closes or on sign out.

const SESSION_KEY = 's2d.console.session';

export function loadSession() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY)) || null;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

// An API error envelope (or a network failure) as one value the pages show.
export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || 'network_error';
    this.requestId = error.request_id || null;
    this.detail = error;
  }
}

async function errorFrom(response) {
  let error = {};
  try {
    error = (await response.json()).error || {};
  } catch {
    error = { message: `HTTP ${response.status} ${response.statusText}` };
  }
  if (!error.request_id) error.request_id = response.headers.get('Request-Id');
  return new ApiError(response.status, error);
}

function headersFor(session, scope) {
  if (scope === 'operator') return { Authorization: `Bearer ${session.operatorToken}` };
  return { Authorization: `Bearer ${session.apiKey}`, 'X-Workspace-Id': session.workspaceId };
}

// Sends one request; resolves to the parsed JSON (or the raw Response for
// `raw: true`), rejects with an ApiError.
export async function call(session, method, path, { body, query, raw, scope, contentType } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = headersFor(session, scope);
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['Content-Type'] = contentType || 'application/json';
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { message: `The server could not be reached (${e.message}).` });
  }
  if (!response.ok) throw await errorFrom(response);
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}
