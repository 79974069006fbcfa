import { Injectable, Logger } from '@nestjs/common';

/** The demo organization as first start created it. */
export interface DemoOrganization {
  organizationId: string;
  squadId: string;
}

export type DemoOrganizationHook = (demo: DemoOrganization) => Promise<void>;

/**
 * What other modules add to the demo organization once it exists (agent templates, routing),
 * registered by the application's wiring, so organizations knows none of them. A hook that fails
 * is logged: the demo organization and its key stand, and `npm run seed` can finish the job.
 */
@Injectable()
export class DemoOrganizationHooks {
  private readonly logger = new Logger('DemoOrganization');
  private readonly hooks: { name: string; run: DemoOrganizationHook }[] = [];

  register(name: string, run: DemoOrganizationHook): void {
    this.hooks.push({ name, run });
  }

  async created(demo: DemoOrganization): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook.run(demo);
      } catch (error) {
        this.logger.error(`seeding the demo organization with ${hook.name} failed: ${(error as Error).message}`);
      }
    }
  }
}
