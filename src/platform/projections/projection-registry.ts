import { Injectable } from '@nestjs/common';
import type { Projection } from './projection.js';

/** Domain modules register their projections here in `onModuleInit`. */
@Injectable()
export class ProjectionRegistry {
  private readonly projections = new Map<string, Projection>();

  register(projection: Projection): void {
    if (this.projections.has(projection.name)) {
      throw new Error(`projection "${projection.name}" is registered twice`);
    }
    this.projections.set(projection.name, projection);
  }

  get(name: string): Projection | undefined {
    return this.projections.get(name);
  }

  all(): Projection[] {
    return [...this.projections.values()];
  }

  inline(): Projection[] {
    return this.all().filter((projection) => projection.mode === 'inline');
  }

  async(): Projection[] {
    return this.all().filter((projection) => projection.mode === 'async');
  }
}
