// What a session needs besides a workspace: an agent, and the key its provider wants. The key is
// sent once, stored encrypted, and only ever shown as its last four characters; sessions get a
// placeholder that their proxy swaps for it.
import { useState, type FormEvent } from 'react';
import { useSWRConfig } from 'swr';
import { api, projectId, unwrap } from '../api/client';
import { keys, useAgents } from '../api/hooks';

const agentTypes = [
  { type: 'claude-code', label: 'Claude Code', provider: 'anthropic' },
  { type: 'codex', label: 'Codex', provider: 'openai' },
  { type: 'gemini', label: 'Gemini CLI', provider: 'google' },
  { type: 'opencode', label: 'OpenCode', provider: 'anthropic' },
] as const;

export function AgentSetup() {
  const { data: agents } = useAgents();
  const { mutate } = useSWRConfig();
  const [type, setType] = useState<string>('claude-code');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!agents || agents.length > 0) return null;
  const choice = agentTypes.find((a) => a.type === type)!;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      if (apiKey.trim()) {
        await unwrap(api.POST('/api/projects/{projectId}/credentials', {
          params: { path: { projectId } }, body: { provider: choice.provider, name: `${choice.provider} key`, apiKey: apiKey.trim() },
        }));
      }
      await unwrap(api.POST('/api/projects/{projectId}/agents', {
        params: { path: { projectId } }, body: { type: choice.type, name: choice.label, isDefault: true },
      }));
      await mutate(keys.agents);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Agent" className="flex flex-col gap-2 rounded border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="font-medium">Choose your agent</h2>
      <label htmlFor="agent-type" className="text-sm">Agent</label>
      <select id="agent-type" value={type} onChange={(e) => setType(e.target.value)}
        className="rounded border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900">
        {agentTypes.map((a) => <option key={a.type} value={a.type}>{a.label}</option>)}
      </select>
      <label htmlFor="api-key" className="text-sm">{choice.provider} API key (kept out of the sandbox)</label>
      <input id="api-key" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)}
        className="rounded border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
      <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white">Save the agent</button>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
    </form>
  );
}
