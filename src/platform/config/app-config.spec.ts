import { InvalidConfigError, loadConfig, maskedSmtpUrl, senderAddress } from './app-config.js';

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

  it('keeps PSA webhook URLs off private ranges by default and reads the delivery policy', () => {
    expect(loadConfig({}).psa).toEqual({
      allowPrivateUrls: false,
      timeoutMs: 10_000,
      backoffBaseMs: 30_000,
      backoffMaxMs: 3_600_000,
      maxAttempts: 8,
    });
    expect(
      loadConfig({
        PSA_ALLOW_PRIVATE_URLS: 'true',
        PSA_TIMEOUT_MS: '500',
        PSA_BACKOFF_BASE_MS: '100',
        PSA_BACKOFF_MAX_MS: '1000',
        PSA_MAX_ATTEMPTS: '3',
      }).psa,
    ).toEqual({ allowPrivateUrls: true, timeoutMs: 500, backoffBaseMs: 100, backoffMaxMs: 1000, maxAttempts: 3 });
    expect(() => loadConfig({ PSA_ALLOW_PRIVATE_URLS: 'yes' })).toThrow(/PSA_ALLOW_PRIVATE_URLS/);
    expect(() => loadConfig({ PSA_MAX_ATTEMPTS: '0' })).toThrow(/PSA_MAX_ATTEMPTS/);
  });

  it('keeps e-mail in the outbox unless SMTP_URL is set, and reads the sending policy', () => {
    expect(loadConfig({}).email).toEqual({
      smtpUrl: undefined,
      from: 'Agent Squad <no-reply@localhost>',
      timeoutMs: 30_000,
      backoffBaseMs: 60_000,
      backoffMaxMs: 3_600_000,
      maxAttempts: 8,
    });
    expect(
      loadConfig({
        SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
        SMTP_FROM: 'Help Desk <help@example.com>',
        EMAIL_TIMEOUT_MS: '500',
        EMAIL_BACKOFF_BASE_MS: '100',
        EMAIL_BACKOFF_MAX_MS: '1000',
        EMAIL_MAX_ATTEMPTS: '3',
      }).email,
    ).toEqual({
      smtpUrl: 'smtps://mailer:s3cret@smtp.example.com:465',
      from: 'Help Desk <help@example.com>',
      timeoutMs: 500,
      backoffBaseMs: 100,
      backoffMaxMs: 1000,
      maxAttempts: 3,
    });
    expect(() => loadConfig({ EMAIL_MAX_ATTEMPTS: '0' })).toThrow(/EMAIL_MAX_ATTEMPTS/);
    expect(() => loadConfig({ SMTP_FROM: 'nobody' })).toThrow(/SMTP_FROM/);
    expect(() => loadConfig({ SMTP_FROM: 'A <a@example.com>\r\nBcc: b@example.com' })).toThrow(/SMTP_FROM/);
  });

  it('refuses an SMTP_URL that is not smtp(s) without repeating it (it holds a password)', () => {
    for (const raw of ['http://mailer:s3cret@smtp.example.com', 'mailer:s3cret', 'smtp://']) {
      let message = '';
      try {
        loadConfig({ SMTP_URL: raw });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/SMTP_URL/);
      expect(message).not.toContain('s3cret');
    }
  });

  it('masks the credentials of SMTP_URL', () => {
    expect(maskedSmtpUrl('smtp://mailer:s3cret@smtp.example.com:587')).toBe('smtp://***@smtp.example.com:587');
    expect(maskedSmtpUrl('smtps://smtp.example.com')).toBe('smtps://smtp.example.com');
    expect(senderAddress('Help Desk <help@example.com>')).toBe('help@example.com');
    expect(senderAddress('help@example.com')).toBe('help@example.com');
  });

  it('retries the assessment of escalations five times from 2 s, at most 5 min apart, unless told otherwise', () => {
    expect(loadConfig({}).handoffAssessment).toEqual({ backoffBaseMs: 2_000, backoffMaxMs: 300_000, maxAttempts: 5, timeoutMs: 30_000 });
    expect(loadConfig({}).resolutionDrafts).toEqual({ backoffBaseMs: 5_000, backoffMaxMs: 600_000, maxAttempts: 5, timeoutMs: 60_000 });
    expect(loadConfig({ RESOLUTION_DRAFT_MAX_ATTEMPTS: '2' }).resolutionDrafts.maxAttempts).toBe(2);
    expect(loadConfig({}).pipelines).toEqual({ phaseTimeoutMs: 600_000, backoffBaseMs: 2_000, backoffMaxMs: 60_000, maxAttempts: 3 });
    expect(loadConfig({ PIPELINE_PHASE_TIMEOUT_SECONDS: '30' }).pipelines.phaseTimeoutMs).toBe(30_000);
    expect(
      loadConfig({
        HANDOFF_ASSESSMENT_BACKOFF_BASE_MS: '50',
        HANDOFF_ASSESSMENT_BACKOFF_MAX_MS: '400',
        HANDOFF_ASSESSMENT_MAX_ATTEMPTS: '2',
        HANDOFF_ASSESSMENT_TIMEOUT_MS: '1000',
      }).handoffAssessment,
    ).toEqual({ backoffBaseMs: 50, backoffMaxMs: 400, maxAttempts: 2, timeoutMs: 1000 });
    expect(() => loadConfig({ HANDOFF_ASSESSMENT_MAX_ATTEMPTS: '0' })).toThrow(/HANDOFF_ASSESSMENT_MAX_ATTEMPTS/);
  });
});
