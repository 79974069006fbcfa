import { call, json } from '../support/tenant.js';

export const PROBLEMS = 'https://agent-squad.dev/problems/';

export interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}
export type Body = Record<string, unknown> & { id: string };

/** The learning routes over real HTTP with one API key. */
export function learningClient(url: string, key: string) {
  const v1 = (path: string) => `${url}/api/v1${path}`;
  return {
    post: (path: string, body: unknown) => call(v1(path), key, { method: 'POST', body }),
    get: (path: string) => call(v1(path), key),
    create: async <T = Body>(path: string, body: unknown): Promise<T> => {
      const response = await call(v1(path), key, { method: 'POST', body });
      if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    list: <T = Body>(path: string) => json<PageBody<T>>(call(v1(path), key)),
    /** Every page of a list, following the cursor. */
    all: async <T = Body>(path: string, limit = 2): Promise<T[][]> => {
      const pages: T[][] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const page: PageBody<T> = await json<PageBody<T>>(call(v1(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`), key));
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return pages;
    },
  };
}
