import { AgentSquads } from './agent-squads.js';

describe('AgentSquads: the squad an execution works for', () => {
  const squadsWith = (squads: string[]) => {
    const lookup = new AgentSquads();
    lookup.use(() => Promise.resolve(squads));
    return lookup;
  };

  it('is the one squad the agent is a member of', async () => {
    await expect(squadsWith(['squad-a']).squadOf('tenant', 'tech-lead')).resolves.toBe('squad-a');
  });

  it('is none when the agent is in no squad, or in several', async () => {
    await expect(squadsWith([]).squadOf('tenant', 'tech-lead')).resolves.toBeUndefined();
    await expect(squadsWith(['squad-a', 'squad-b']).squadOf('tenant', 'tech-lead')).resolves.toBeUndefined();
  });

  it('is none before the application plugs in a lookup (the registry alone)', async () => {
    await expect(new AgentSquads().squadOf('tenant', 'tech-lead')).resolves.toBeUndefined();
  });
});
