import {
  type ClassProvider,
  type DynamicModule,
  type ExistingProvider,
  type FactoryProvider,
  Module,
  type ModuleMetadata,
  type OnModuleInit,
  type ValueProvider,
} from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RoutingWriteResponder } from './api/routing-http.js';
import { OrganizationRoutingController, SquadRoutingRulesController } from './api/routing-rule-set.controller.js';
import { RoutingTemplatesController } from './api/routing-templates.controller.js';
import { SquadRoutingController } from './api/squad-routing.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { RoutingReadModel } from './application/routing-read-model.js';
import { RoutingTemplateCatalog } from './application/routing-template.catalog.js';
import { SQUAD_DIRECTORY, type SquadDirectory } from './application/squad-directory.js';
import { SquadAccess } from './application/squad-access.js';
import { InteractionSettingsProjection } from './projections/interaction-settings.projection.js';
import { RoutingRulesProjection } from './projections/routing-rules.projection.js';
import { RoutingTemplatesProjection } from './projections/routing-templates.projection.js';

type Without<P> = Omit<P, 'provide'>;

export interface RoutingModuleOptions {
  /** Modules that export what `squadDirectory` needs (e.g. the organizations module). */
  imports?: ModuleMetadata['imports'];
  /** How routing learns who is in a squad; bound under SQUAD_DIRECTORY. */
  squadDirectory:
    | Without<ClassProvider<SquadDirectory>>
    | Without<ExistingProvider<SquadDirectory>>
    | Without<FactoryProvider<SquadDirectory>>
    | Without<ValueProvider<SquadDirectory>>;
  /** Serve the HTTP API (default true); integration tests of the application layer leave it out. */
  http?: boolean;
}

/**
 * Routing rules, templates, interaction settings and chain resolution. Needs the platform
 * (DatabaseModule, EventStoreModule, CqrsModule, ClockModule) and a SquadDirectory. Rule
 * statistics (GetRoutingStatisticsQuery) are answered by the conversations module, which owns
 * the rounds they are counted from.
 */
@Module({})
export class RoutingModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  static forRoot(options: RoutingModuleOptions): DynamicModule {
    return {
      module: RoutingModule,
      imports: options.imports ?? [],
      controllers:
        options.http === false
          ? []
          : [SquadRoutingRulesController, SquadRoutingController, OrganizationRoutingController, RoutingTemplatesController],
      providers: [
        { provide: SQUAD_DIRECTORY, ...options.squadDirectory } as ClassProvider | ExistingProvider | FactoryProvider | ValueProvider,
        SquadAccess,
        RoutingWriteResponder,
        RoutingTemplateCatalog,
        RoutingReadModel,
        ...commandHandlers,
        ...queryHandlers,
      ],
      exports: [RoutingReadModel, RoutingTemplateCatalog],
    };
  }

  onModuleInit(): void {
    this.projections.register(new RoutingRulesProjection());
    this.projections.register(new RoutingTemplatesProjection());
    this.projections.register(new InteractionSettingsProjection());
  }
}
