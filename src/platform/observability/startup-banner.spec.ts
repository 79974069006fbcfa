import { execFileSync } from 'node:child_process';
import { keyLine, startupBanner } from './startup-banner.js';

describe('startup banner', () => {
  const facts = { url: 'http://localhost:3000', docsUrl: 'http://localhost:3000/api/docs', database: 'embedded in .data' };

  it('names the URL and the API docs, and no key when none was created', () => {
    const banner = startupBanner(facts);
    expect(banner).toContain('Agent Squad listening on http://localhost:3000');
    expect(banner).toContain('API docs:  http://localhost:3000/api/docs');
    expect(banner).not.toContain('export KEY');
  });

  it('names the dashboard when it is built', () => {
    expect(startupBanner({ ...facts, dashboardUrl: 'http://localhost:3000/' })).toContain('dashboard: http://localhost:3000/');
    expect(startupBanner(facts)).not.toContain('dashboard:');
  });

  it('names where e-mail goes, as given (the caller masks SMTP_URL)', () => {
    expect(startupBanner({ ...facts, email: 'SMTP smtp://***@smtp.example.com:587' })).toContain(
      'e-mail:    SMTP smtp://***@smtp.example.com:587',
    );
  });

  it('puts the admin key on a line of its own that a shell runs unchanged', () => {
    const key = 'ask_Ab3-x_Yz9';
    const line = startupBanner({ ...facts, adminKey: key })
      .split('\n')
      .find((l) => l.includes(key));
    expect(line).toBe(keyLine(key));
    expect(execFileSync('sh', ['-c', `${line!}; printf %s "$KEY"`]).toString()).toBe(key);
  });
});
