import { checkWebhookUrl, isRefusedAddress } from './psa-url-guard.js';

describe('isRefusedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
    '[::1]',
  ])('refuses %s', (address) => expect(isRefusedAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) =>
    expect(isRefusedAddress(address)).toBe(false),
  );

  it('refuses what is not an address', () => expect(isRefusedAddress('example.com')).toBe(true));
});

describe('checkWebhookUrl', () => {
  it.each([
    ['http://127.0.0.1/hook', 'refused range'],
    ['http://10.0.0.1/hook', 'refused range'],
    ['http://169.254.169.254/latest/meta-data', 'refused range'],
    ['http://[::1]:8080/', 'refused range'],
    ['http://[fe80::1]/', 'refused range'],
    ['ftp://psa.example.com/hook', 'scheme ftp:'],
    ['file:///etc/passwd', 'scheme file:'],
    ['javascript:alert(1)', 'scheme javascript:'],
    ['not a url', 'not a valid URL'],
    ['https://user:pw@psa.example.com/', 'credentials'],
  ])('refuses %s', (url, reason) => {
    const checked = checkWebhookUrl(url, false);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toContain(reason);
  });

  it('leaves names to the resolver (localhost is refused by the address it resolves to)', () => {
    expect(checkWebhookUrl('http://localhost:3000/', false).ok).toBe(true);
  });

  it('accepts public http(s) URLs', () => {
    expect(checkWebhookUrl('https://psa.example.com/hooks/agent-squad', false).ok).toBe(true);
    expect(checkWebhookUrl('http://93.184.216.34:8080/x', false).ok).toBe(true);
  });

  it('with private URLs allowed, loopback passes but other schemes still do not', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4000/hook', true).ok).toBe(true);
    expect(checkWebhookUrl('http://localhost:4000/hook', true).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/hook', true).ok).toBe(false);
  });
});
