import { InvalidConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to port 3000, an embedded database in ./.data and info logs', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: './.data', logLevel: 'info', deadlinePollMs: 100 });
  });

  it('reads the environment', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://x/y', DATA_DIR: '/var/lib/squad', LOG_LEVEL: 'debug' });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://x/y', dataDir: '/var/lib/squad', logLevel: 'debug' });
  });

  it('rejects malformed values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(InvalidConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DEADLINE_POLL_MS: '1' })).toThrow(/DEADLINE_POLL_MS/);
  });
});
