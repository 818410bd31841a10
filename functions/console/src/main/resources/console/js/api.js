// The admin API client: every call carries the signed-in admin key from this tab's session storage
// (never a URL, never a log) and turns an error answer into an ApiError with the API's message.

const KEY = 'gaterouter.console.key';
const TENANT = 'gaterouter.console.tenant';

// the admin API beside the console: /console/ -> /admin/v1/ (also under an API Gateway stage prefix)
const BASE = new URL('../admin/v1/', window.location.href);

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `The admin API answered HTTP ${status}.`);
    this.status = status;
    this.code = error.code || null;
    this.param = error.param || null;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  setKey: (key) => sessionStorage.setItem(KEY, key),
  tenant: () => sessionStorage.getItem(TENANT),
  setTenant: (tenantId) => sessionStorage.setItem(TENANT, tenantId),
  clear: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem(TENANT); },
};

function url(path, query) {
  const u = new URL(path.replace(/^\//, ''), BASE);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') u.searchParams.set(name, value);
  }
  return u;
}

async function send(method, path, { query, body, headers, accept } = {}) {
  const key = session.key();
  const all = { Accept: accept || 'application/json', ...(headers || {}) };
  if (key) all.Authorization = `Bearer ${key}`;
  if (body !== undefined) all['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url(path, query), {
      method, headers: all, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError(0, { error: { message: 'The gateway cannot be reached; check your connection and try again.' } });
  }
  return response;
}

async function json(method, path, options) {
  const response = await send(method, path, options);
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export const api = {
  get: (path, query) => json('GET', path, { query }),
  post: (path, body) => json('POST', path, { body: body || {} }),
  put: (path, body, version) => json('PUT', path, { body, headers: version ? { 'If-Match': `"${version}"` } : {} }),
  patch: (path, body) => json('PATCH', path, { body }),
  del: (path) => json('DELETE', path, {}),

  /** Every item of a paginated list, following nextToken (at most `max` items). */
  async all(path, query, max = 5000) {
    const items = [];
    let token = null;
    do {
      const page = await json('GET', path, { query: { ...(query || {}), nextToken: token } });
      items.push(...page.data);
      token = page.nextToken;
    } while (token && items.length < max);
    return items;
  },

  /** One page of a list, and the token of the next. */
  page: (path, query) => json('GET', path, { query }),

  /** Downloads a CSV answer as a file: fetched with the key in a header, never put in a link. */
  async download(path, query, filename) {
    const response = await send('GET', path, { query: { ...query, format: 'csv' }, accept: 'text/csv' });
    if (!response.ok) {
      let body = null;
      try { body = await response.json(); } catch (e) { body = null; }
      throw new ApiError(response.status, body);
    }
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    return blob;
  },
};
