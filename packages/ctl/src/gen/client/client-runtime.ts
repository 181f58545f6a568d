// The request helper every generated client embeds (no runtime dependency).

/** Source text of the ApiError class, option types and `createCaller`. */
export const CLIENT_RUNTIME = `
/** One problem with one input field (VALIDATION_FAILED and similar). */
export interface ApiErrorDetail {
  field: string;
  reason: string;
}

/** The error envelope of every Vigil service. */
export interface ApiErrorBody {
  /** Stable catalog code, e.g. UNAUTHENTICATED, PATIENT_NOT_FOUND. */
  code: string;
  message: string;
  traceId: string;
  details?: ApiErrorDetail[];
}

/** A non-2xx answer: the HTTP status plus the server's error envelope. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly traceId: string;
  readonly details: ApiErrorDetail[];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.traceId = body.traceId;
    this.details = body.details ?? [];
  }
}

/** How the client reaches the service. */
export interface ClientOptions {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8002. */
  baseUrl: string;
  /** Bearer token sent as Authorization, or a function giving the current one. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

interface RequestParts {
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).code === 'string' &&
    typeof (value as ApiErrorBody).message === 'string'
  );
}

function createCaller(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  return async function call<TResponse>(
    method: string,
    path: string,
    parts: RequestParts,
    hasResponse: boolean,
    callOptions: CallOptions | undefined,
  ): Promise<TResponse> {
    const url = new URL(options.baseUrl.replace(/\\/+$/, '') + path);
    for (const [key, value] of Object.entries(parts.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    for (const [key, value] of Object.entries(parts.headers ?? {})) {
      if (value !== undefined && value !== null) headers[key] = String(value);
    }
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (token) headers.authorization = \`Bearer \${token}\`;
    let body: string | undefined;
    if (parts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(parts.body);
    }
    Object.assign(headers, callOptions?.headers);
    const res = await doFetch(url, { method, headers, body, signal: callOptions?.signal });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      throw new ApiError(
        res.status,
        isErrorBody(json)
          ? json
          : { code: \`HTTP_\${res.status}\`, message: res.statusText || text, traceId: '' },
      );
    }
    return (hasResponse ? json : undefined) as TResponse;
  };
}
`;
