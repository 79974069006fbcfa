import type { Sql } from '../../../platform/database/sql.js';
import type { PsaEventType } from '../domain/psa-event-types.js';

/** Whether the organization's PSA webhook takes events of `type` (so a push there would be delivered). */
export async function psaAccepts(sql: Sql, tenantId: string, type: PsaEventType): Promise<boolean> {
  const [row] = await sql.query<{ accepts: boolean }>(`SELECT $2 = ANY(events) AS accepts FROM psa_integrations WHERE tenant_id = $1`, [
    tenantId,
    type,
  ]);
  return row?.accepts ?? false;
}
