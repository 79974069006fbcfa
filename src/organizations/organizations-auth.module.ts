import { Global, Module } from '@nestjs/common';
import { API_KEY_AUTHENTICATOR } from '../platform/http/auth/principal.js';
import { OrganizationApiKeyAuthenticator } from './application/api-key.authenticator.js';

/**
 * Global, and nothing else: provides the API_KEY_AUTHENTICATOR the platform's HTTP guard and
 * realtime gateway use. (The rest of the module stays non-global, so its bootstrap hooks run after
 * the CQRS buses have their handlers.)
 */
@Global()
@Module({
  providers: [{ provide: API_KEY_AUTHENTICATOR, useClass: OrganizationApiKeyAuthenticator }],
  exports: [API_KEY_AUTHENTICATOR],
})
export class OrganizationsAuthModule {}
