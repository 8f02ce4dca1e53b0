/**
 * A fetch-based client for the Jira simulator that records every exchange
 * (request and response, bytes included) so each test file can check all of them
 * against the OpenAPI subset afterwards.
 */

export type Credential =
  { accessToken: string } | { basic: [email: string, token: string] } | { header: string } | 'anonymous';

export interface Exchange {
  method: string;
  url: URL;
  requestContentType: string | null;
  requestBody: Buffer | null;
  status: number;
  responseHeaders: Headers;
  responseBody: Buffer;
}

export interface SimResponse {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
  /** The parsed JSON body (throws if the body is not JSON). */
  json<T = unknown>(): T;
}

export interface RequestOptions {
  as?: Credential;
  /** A JSON body, or FormData for multipart uploads. */
  body?: unknown;
  /** Raw bytes with their content type (to test refusals of wrong bodies). */
  raw?: { contentType: string; bytes: Buffer | string };
  headers?: Record<string, string>;
  redirect?: RequestRedirect;
}

function authHeader(credential: Credential): string | null {
  if (credential === 'anonymous') return null;
  if ('accessToken' in credential) return `Bearer ${credential.accessToken}`;
  if ('basic' in credential) return `Basic ${Buffer.from(credential.basic.join(':')).toString('base64')}`;
  return credential.header;
}

export class RecordingClient {
  constructor(
    readonly baseUrl: string,
    private readonly defaultCredential: Credential = 'anonymous',
    /** Shared by clients made with `as()`, so one check covers all of them. */
    readonly exchanges: Exchange[] = [],
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<SimResponse> {
    const url = new URL(path, this.baseUrl);
    const headers = new Headers(options.headers);
    const auth = authHeader(options.as ?? this.defaultCredential);
    if (auth !== null) headers.set('authorization', auth);
    let body: Buffer | null = null;
    if (options.raw !== undefined) {
      headers.set('content-type', options.raw.contentType);
      body = Buffer.from(options.raw.bytes);
    } else if (options.body instanceof FormData) {
      // Serialize the form once so the exact bytes sent are recorded.
      const encoded = new Request(url, { method: 'POST', body: options.body });
      headers.set('content-type', encoded.headers.get('content-type') ?? 'multipart/form-data');
      body = Buffer.from(await encoded.arrayBuffer());
    } else if (options.body !== undefined) {
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      body = Buffer.from(JSON.stringify(options.body));
    }
    const response = await fetch(url, {
      method,
      headers,
      redirect: options.redirect ?? 'manual',
      ...(body === null ? {} : { body: new Uint8Array(body) }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    this.exchanges.push({
      method,
      url,
      requestContentType: headers.get('content-type'),
      requestBody: body,
      status: response.status,
      responseHeaders: response.headers,
      responseBody: bytes,
    });
    const text = bytes.toString('utf8');
    return {
      status: response.status,
      headers: response.headers,
      text,
      bytes,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  get(path: string, options: RequestOptions = {}): Promise<SimResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, body: unknown, options: RequestOptions = {}): Promise<SimResponse> {
    return this.request('POST', path, { ...options, body });
  }

  put(path: string, body: unknown, options: RequestOptions = {}): Promise<SimResponse> {
    return this.request('PUT', path, { ...options, body });
  }

  /** A client bound to one credential. */
  as(credential: Credential): RecordingClient {
    return new RecordingClient(this.baseUrl, credential, this.exchanges);
  }
}
