import { Injectable } from '@nestjs/common';
import semver from 'semver';
import { Database } from '../../platform/database/database.js';
import { type Page, pageOf } from '../../platform/http/pagination.js';
import { AgentVersionNotFoundError } from '../domain/agent-definition.errors.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import type { AgentVersionStatus } from '../domain/agent-definition.state.js';
import { exportAgentYaml } from '../domain/agent-yaml.js';
import { AGENT_VERSION_COLUMNS, type AgentVersionRow, type AgentVersionView, toAgentVersionView } from './agent-version.view.js';

export interface AgentSearch {
  /** Full-text over slug, name, role, description, persona, goals and skills (websearch syntax). */
  text?: string;
  /** Case-insensitive substring of the name. */
  name?: string;
  role?: string;
  skill?: string;
  status?: AgentVersionStatus;
  /** Page: after this cursor key (0: from the start). */
  after: number;
  limit: number;
}

/** Reads of the agent versions read model. Every query is scoped to one tenant. */
@Injectable()
export class AgentDefinitionsQueries {
  constructor(private readonly db: Database) {}

  /** One entry per agent (its current version), oldest agent first, filtered. */
  async search(tenantId: string, search: AgentSearch): Promise<Page<AgentVersionView>> {
    const rows = await this.db.query<AgentVersionRow>(
      `SELECT ${AGENT_VERSION_COLUMNS} FROM registry_agent_versions
        WHERE tenant_id = $1 AND is_current AND registered_position > $2
          AND ($3::text IS NULL OR search @@ websearch_to_tsquery('simple', $3))
          AND ($4::text IS NULL OR name ILIKE '%' || replace(replace(replace($4, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
          AND ($5::text IS NULL OR role = $5)
          AND ($6::text IS NULL OR $6 = ANY (skills))
          AND ($7::text IS NULL OR status = $7)
        ORDER BY registered_position LIMIT $8`,
      [
        tenantId,
        search.after,
        search.text ?? null,
        search.name ?? null,
        search.role ?? null,
        search.skill ?? null,
        search.status ?? null,
        search.limit + 1,
      ],
    );
    return pageOf(rows, search.limit, (row) => Number(row.registered_position), toAgentVersionView);
  }

  /** A given version, or the current one: the highest published (else the highest draft). */
  async get(tenantId: string, slug: string, version?: string): Promise<AgentVersionView> {
    const [row] = await this.db.query<AgentVersionRow>(
      `SELECT ${AGENT_VERSION_COLUMNS} FROM registry_agent_versions
        WHERE tenant_id = $1 AND slug = $2 AND (CASE WHEN $3::text IS NULL THEN is_current ELSE version = $3 END)`,
      [tenantId, slug, version ?? null],
    );
    if (!row) throw version ? new AgentVersionNotFoundError(slug, version) : new NotFoundError('agent', slug);
    return toAgentVersionView(row);
  }

  /** The current versions of the agents named, in one read; slugs the registry does not have are absent. */
  async currentOf(tenantId: string, slugs: readonly string[]): Promise<AgentVersionView[]> {
    const rows = await this.db.query<AgentVersionRow>(
      `SELECT ${AGENT_VERSION_COLUMNS} FROM registry_agent_versions WHERE tenant_id = $1 AND is_current AND slug = ANY ($2::text[])`,
      [tenantId, [...slugs]],
    );
    return rows.map(toAgentVersionView);
  }

  /** Every version of an agent, highest first. */
  async versions(tenantId: string, slug: string): Promise<AgentVersionView[]> {
    const rows = await this.db.query<AgentVersionRow>(
      `SELECT ${AGENT_VERSION_COLUMNS} FROM registry_agent_versions WHERE tenant_id = $1 AND slug = $2`,
      [tenantId, slug],
    );
    if (rows.length === 0) throw new NotFoundError('agent', slug);
    return rows.map(toAgentVersionView).sort((a, b) => semver.rcompare(a.version, b.version));
  }

  async exportYaml(tenantId: string, slug: string, version?: string): Promise<string> {
    const {
      status: _status,
      registeredAt: _r,
      publishedAt: _p,
      deprecatedAt: _d,
      deprecationReason: _reason,
      ...spec
    } = await this.get(tenantId, slug, version);
    return exportAgentYaml(spec);
  }
}
