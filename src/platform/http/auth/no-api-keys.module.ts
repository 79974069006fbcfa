import { Global, Module } from '@nestjs/common';
import { API_KEY_AUTHENTICATOR, type ApiKeyAuthenticator } from './principal.js';

const rejectEveryKey: ApiKeyAuthenticator = { authenticate: async () => null, keyChangedBy: () => undefined };

/** The kernel on its own (tools, workers, platform tests) has no API keys: every request is 401. */
@Global()
@Module({
  providers: [{ provide: API_KEY_AUTHENTICATOR, useValue: rejectEveryKey }],
  exports: [API_KEY_AUTHENTICATOR],
})
export class NoApiKeysModule {}
