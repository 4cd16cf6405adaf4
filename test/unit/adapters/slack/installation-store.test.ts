import { describe, expect, it } from 'vitest';
import type { Installation } from '@slack/bolt';
import { createKeyValueInstallationStore, type KeyValueStore } from '../../../../adapters/slack/installation-store.ts';

function createMapStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) };
}

const installation = (teamId: string, token: string): Installation => ({
  team: { id: teamId, name: 'Example' },
  enterprise: undefined,
  user: { id: 'U0001', token: undefined, scopes: undefined },
  bot: { id: 'B0001', userId: 'UBOT', token, scopes: ['commands', 'chat:write'] },
  isEnterpriseInstall: false,
  authVersion: 'v2',
});

describe('createKeyValueInstallationStore', () => {
  it('stores, fetches and deletes an installation by team id', async () => {
    const kv = createMapStore();
    const store = createKeyValueInstallationStore(kv);
    await store.storeInstallation(installation('T0001', 'xoxb-one'));
    await store.storeInstallation(installation('T0002', 'xoxb-two'));
    const query = { teamId: 'T0001', enterpriseId: undefined, isEnterpriseInstall: false as const };
    expect((await store.fetchInstallation(query)).bot?.token).toBe('xoxb-one');
    await store.deleteInstallation(query);
    await expect(store.fetchInstallation(query)).rejects.toThrow(/No Slack installation for team T0001/);
    expect((await store.fetchInstallation({ ...query, teamId: 'T0002' })).bot?.token).toBe('xoxb-two');
    expect([...kv.map.keys()]).toEqual(['slack:installation:team:T0002']);
  });

  it('replaces an installation when the same team installs again', async () => {
    const store = createKeyValueInstallationStore(createMapStore());
    await store.storeInstallation(installation('T0001', 'xoxb-old'));
    await store.storeInstallation(installation('T0001', 'xoxb-new'));
    expect((await store.fetchInstallation({ teamId: 'T0001', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-new');
  });
});
