import { describe, expect, it } from 'vitest';
import { buildCommands, toAutocompleteChoices } from '../../../../adapters/discord/commands.ts';

describe('buildCommands', () => {
  it('defines one /sanctions command with one required, autocompleted free-text option', () => {
    const commands = buildCommands();
    expect(commands).toHaveLength(1);
    const [command] = commands;
    expect(command).toMatchObject({ name: 'sanctions', type: 1 });
    expect(command!.description.length).toBeLessThanOrEqual(100);
    expect(command!.options).toEqual([expect.objectContaining({ type: 3, name: 'query', required: true, autocomplete: true })]);
    expect(command).not.toHaveProperty('default_member_permissions');
  });

  it('names every verb a user cannot guess in the option hint, including why, within Discord’s 100 characters', () => {
    const [option] = buildCommands()[0]!.options!;
    expect(option!.description).toContain('why <story id>');
    expect(option!.description.length).toBeLessThanOrEqual(100);
  });
});

describe('toAutocompleteChoices', () => {
  it('keeps at most 25 choices, shortens long names to 100 characters and drops values Discord would refuse', () => {
    const suggestions = [
      { name: 'n'.repeat(150), value: 'watch add wechat-pay' },
      { name: 'too long value', value: 'v'.repeat(101) },
      { name: 'duplicate', value: 'watch add wechat-pay' },
      { name: '', value: 'alipay' },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `Entity ${i}`, value: `entity-${i}` })),
    ];
    const choices = toAutocompleteChoices(suggestions);
    expect(choices).toHaveLength(25);
    expect(choices[0]!.name).toHaveLength(100);
    expect(choices[0]!.name.endsWith('…')).toBe(true);
    expect(choices[1]).toEqual({ name: 'alipay', value: 'alipay' });
    expect(choices.map((c) => c.value)).not.toContain('v'.repeat(101));
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
  });
});
