import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import type { OutputType, ResolutionRecord } from '../../branching/index.js';
import type { OutputStatus } from '../domain/output.types.js';
import type { OutputView } from './output.view.js';

interface OutputRow {
  id: string;
  tenant_id: string;
  session_id: string;
  resolution_id: string;
  type: OutputType;
  status: OutputStatus;
  current: boolean;
  content: string | null;
  content_version: number;
  versions: OutputView['versions'];
  record: ResolutionRecord;
  model: string | null;
  request_id: string;
  instructions: string | null;
  failure: OutputView['failure'];
  approved: OutputView['approved'];
  rejected: OutputView['rejected'];
  pushes: OutputView['pushes'];
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** An output with what its drafting needs (the resolution's record) and its stream version. */
export interface StoredOutput {
  view: OutputView;
  record: ResolutionRecord;
  requestId: string;
  version: number;
}

const toStoredOutput = (row: OutputRow): StoredOutput => ({
  view: {
    id: row.id,
    sessionId: row.session_id,
    resolutionId: row.resolution_id,
    type: row.type,
    status: row.status,
    current: row.current,
    content: row.content,
    contentVersion: row.content_version,
    versions: row.versions,
    model: row.model,
    instructions: row.instructions,
    failure: row.failure,
    approved: row.approved,
    rejected: row.rejected,
    pushes: row.pushes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  },
  record: row.record,
  requestId: row.request_id,
  version: row.version,
});

const TYPE_ORDER = `array_position(ARRAY['psa_notes', 'kb_article', 'client_summary'], type)`;

/** Reads the resolution_outputs read model (the inline projection's rows). */
@Injectable()
export class OutputReader {
  constructor(private readonly db: Database) {}

  /** The output, if it is the tenant's. */
  async output(tenantId: string, outputId: string): Promise<StoredOutput> {
    const [row] = await this.db.query<OutputRow>(`SELECT * FROM resolution_outputs WHERE id = $1 AND tenant_id = $2`, [outputId, tenantId]);
    if (!row) throw new NotFoundError('output', outputId);
    return toStoredOutput(row);
  }

  /** The session's current outputs (PSA notes, article, client summary), or with `history` every earlier resolution's too, newest first. */
  async ofSession(tenantId: string, sessionId: string, history: boolean): Promise<OutputView[]> {
    const rows = await this.db.query<OutputRow>(
      `SELECT * FROM resolution_outputs WHERE session_id = $1 AND tenant_id = $2 AND (current OR $3) ORDER BY position DESC, ${TYPE_ORDER}`,
      [sessionId, tenantId, history],
    );
    if (rows.length === 0) {
      const [session] = await this.db.query(`SELECT 1 FROM branching_sessions WHERE id = $1 AND tenant_id = $2`, [sessionId, tenantId]);
      if (!session) throw new NotFoundError('session', sessionId);
    }
    return rows.map((row) => toStoredOutput(row).view);
  }
}
