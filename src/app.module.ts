import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from './platform/platform.module.js';

@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot(options)] };
  }
}
