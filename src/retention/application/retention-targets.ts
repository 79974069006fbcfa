import { Injectable } from '@nestjs/common';

/**
 * A table whose old rows retention may delete, declared by the module that owns it (so the owner
 * decides what may go). Events are never a target: retention prunes read models and operational
 * tables only, and a projection rebuilt from the events brings nothing back that a rule removed
 * until the next run prunes it again.
 */
export interface RetentionTarget {
  /** The rule's name, e.g. `agent_logs`. */
  name: string;
  description: string;
  /** Days a row is kept when the organization sets no rule; null keeps it forever. */
  defaultDays: number | null;
  table: string;
  /** The column holding the organization's id. */
  tenantColumn: string;
  /** The timestamp a row's age is measured from. */
  ageColumn: string;
  /** Rows that must stay whatever their age (e.g. a pipeline still running) are excluded by this SQL condition. */
  condition?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The targets of the running modules; each registers its own in `onModuleInit`. */
@Injectable()
export class RetentionTargets {
  private readonly targets = new Map<string, RetentionTarget>();

  register(target: RetentionTarget): void {
    for (const identifier of [target.name, target.table, target.tenantColumn, target.ageColumn])
      if (!IDENTIFIER.test(identifier)) throw new Error(`retention target "${target.name}": "${identifier}" is not a plain SQL name`);
    if (this.targets.has(target.name)) throw new Error(`retention target "${target.name}" is registered twice`);
    this.targets.set(target.name, target);
  }

  all(): RetentionTarget[] {
    return [...this.targets.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  names(): string[] {
    return this.all().map((target) => target.name);
  }
}
