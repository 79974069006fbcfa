import { type DynamicModule, Module } from '@nestjs/common';
import { BranchingModule } from './branching/index.js';
import { DiscussionsModule } from './discussions/index.js';
import { HandoffsModule } from './handoffs/index.js';
import { KnowledgeBaseModule } from './knowledge-base/index.js';
import { LearningModule } from './learning/index.js';
import { BudgetsModule } from './budgets/index.js';
import { ConversationsModule } from './conversations/index.js';
import { EmailModule } from './integrations/email/index.js';
import { PsaIntegrationModule } from './integrations/psa/index.js';
import { OrganizationsAuthModule, OrganizationsModule } from './organizations/index.js';
import { PipelinesModule } from './pipelines/index.js';
import { PlatformModule, type PlatformOptions } from './platform/platform.module.js';
import { RegistryModule } from './registry/index.js';
import { ResolutionsModule } from './resolutions/index.js';
import { RetentionModule } from './retention/index.js';
import { RoutingModule } from './routing/index.js';
import { OrganizationSquadDirectory } from './wiring/organization-squad-directory.js';
import { WiringModule } from './wiring/wiring.module.js';

@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, authentication: OrganizationsAuthModule }),
        OrganizationsModule,
        RoutingModule.forRoot({ squadDirectory: { useClass: OrganizationSquadDirectory } }),
        RegistryModule,
        WiringModule,
        ConversationsModule,
        BranchingModule,
        DiscussionsModule,
        HandoffsModule,
        KnowledgeBaseModule,
        BudgetsModule,
        PsaIntegrationModule,
        EmailModule,
        ResolutionsModule,
        LearningModule,
        RetentionModule,
        PipelinesModule,
      ],
    };
  }
}
