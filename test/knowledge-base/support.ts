import { call, json } from '../support/tenant.js';

export const PROBLEMS = 'https://agent-squad.dev/problems/';

export interface ArticleBody {
  id: string;
  title: string;
  content: string;
  tags: string[];
  source: { kind: string; sessionId?: string; outputId?: string };
  status: 'published' | 'archived';
  archiveReason: string | null;
}

export interface HitBody {
  id: string;
  title: string;
  score: number;
  textRank: number;
  similarity: number;
  highlight: string;
}

/** A small client of the knowledge-base API for tests. */
export function knowledgeBaseClient(url: string, key: string) {
  const base = `${url}/api/v1/knowledge-base/articles`;
  return {
    publish: async (article: { title: string; content: string; tags?: string[] }): Promise<ArticleBody> => {
      const response = await call(base, key, { method: 'POST', body: article });
      if (response.status !== 201) throw new Error(`publish answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as ArticleBody;
    },
    get: (id: string) => call(`${base}/${id}`, key),
    search: (q: string, limit?: number) => call(`${base}?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`, key),
    hits: async (q: string, limit?: number) =>
      (await json<{ items: HitBody[] }>(call(`${base}?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`, key))).items,
    archive: (id: string, reason?: string) => call(`${base}/${id}/archive`, key, { method: 'POST', body: reason ? { reason } : {} }),
  };
}

/** A few articles on unrelated problems, so a search has something to rank against. */
export const ARTICLES = {
  outlook: {
    title: 'Outlook keeps asking for the password',
    content:
      'After a password change, Outlook may prompt for credentials again and again. Open **Credential Manager**, remove the stale ' +
      'entries under *Windows Credentials* for MicrosoftOffice, then restart Outlook and sign in once.',
    tags: ['outlook', 'm365'],
  },
  printer: {
    title: 'Printer shows offline after a Windows update',
    content: 'Restart the Print Spooler service, then remove and re-add the printer. Check that the printer port still points at its IP.',
    tags: ['printing'],
  },
  vpn: {
    title: 'VPN drops every hour',
    content: 'The IKE rekey interval on the firewall does not match the client. Align the phase 2 lifetime to 3600 seconds on both ends.',
    tags: ['vpn', 'network'],
  },
};
