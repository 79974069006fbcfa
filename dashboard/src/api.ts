/** The REST API, called with the signed-in key. Errors carry the problem's `title`. */
import type { components } from '../../clients/typescript/schema';

/** A response schema of docs/openapi.json by name, from the committed generated client. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

const KEY_STORAGE = 'agent-squad.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  [field: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; key?: string } = {}): Promise<T> {
  const key = init.key ?? storedKey();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError({ title: 'The server cannot be reached', status: 0 });
  }
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object' && 'title' in parsed
        ? (parsed as Problem)
        : { title: response.statusText, status: response.status };
    throw new ApiError(problem);
  }
  return parsed as T;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Actor = Schema<'ActorDto'>;

export function actorLabel(actor: Actor | null | undefined): string {
  if (!actor) return 'nobody';
  if (actor.kind === 'system') return `system (${actor.id})`;
  return `${actor.kind === 'member' ? 'member' : 'key'} ${actor.id.slice(0, 8)}`;
}
