/**
 * Every request the emulator received, so tests can assert how many calls a sync made (including
 * retried and failed ones) and with which parameters.
 */

export interface LoggedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/invoices/in_1/lines`. */
  path: string;
  query: Record<string, unknown>;
  /** Filled in when the response is sent. */
  status: number | null;
}

export interface RequestFilter {
  method?: string;
  path?: string | RegExp;
  status?: number;
}

export class RequestLog {
  private list: LoggedRequest[] = [];

  get entries(): readonly LoggedRequest[] {
    return this.list;
  }

  record(method: string, path: string, query: Record<string, unknown>): LoggedRequest {
    const entry: LoggedRequest = { method, path, query, status: null };
    this.list.push(entry);
    return entry;
  }

  count(filter: RequestFilter = {}): number {
    return this.list.filter((entry) => matches(entry, filter)).length;
  }

  /** Requests per `"METHOD /path"`, e.g. `{ 'GET /v1/customers': 3 }`. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { method, path } of this.list) {
      const key = `${method} ${path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  reset(): void {
    this.list = [];
  }
}

function matches(entry: LoggedRequest, filter: RequestFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (typeof filter.path === 'string') return entry.path === filter.path;
  if (filter.path instanceof RegExp) return filter.path.test(entry.path);
  return true;
}
