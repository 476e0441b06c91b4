// The project's settings: agents (create, edit, make default, delete), credentials (an API key is
// typed once, masked, and afterwards shown only as its last four characters) and the network
// allowlist the sessions' proxies enforce.
import { useState, type FormEvent } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import { api, projectId, unwrap, type Agent } from '../api/client';
import { keys, useAgents } from '../api/hooks';
import { askForNotifications, notificationsAllowed } from '../notifications';
import { setTheme, storedTheme, type Theme } from '../theme';

const field = 'rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const button = 'rounded bg-indigo-600 px-2 py-1 text-sm font-medium text-white disabled:opacity-50';
const path = { projectId };

function useAction() {
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return { error, run };
}

function AgentForm({ agent, onDone }: { agent?: Agent; onDone: () => void }) {
  const { mutate } = useSWRConfig();
  const { error, run } = useAction();
  const [type, setType] = useState<Agent['type']>(agent?.type ?? 'claude-code');
  const [name, setName] = useState(agent?.name ?? '');
  const [model, setModel] = useState(agent?.model ?? '');
  const [systemPrompt, setSystemPrompt] = useState(agent?.systemPrompt ?? '');
  const [approvalPolicy, setApprovalPolicy] = useState<Agent['approvalPolicy']>(agent?.approvalPolicy ?? 'auto');
  const [env, setEnv] = useState(Object.entries(agent?.env ?? {}).map(([k, v]) => `${k}=${v}`).join('\n'));
  const [mcpServers, setMcpServers] = useState(agent?.mcpServers?.length ? JSON.stringify(agent.mcpServers, null, 2) : '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      // env: NAME=value lines; MCP servers: a JSON array ([{"name", "type": "stdio", "command", ...}]).
      const envObject = Object.fromEntries(env.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
        const at = l.indexOf('=');
        if (at < 1) throw new Error(`"${l}" is not NAME=value`);
        return [l.slice(0, at), l.slice(at + 1)];
      }));
      let servers: Agent['mcpServers'] = [];
      if (mcpServers.trim()) {
        try {
          servers = JSON.parse(mcpServers);
        } catch {
          throw new Error('MCP servers must be a JSON array');
        }
      }
      const body = { name, model, systemPrompt, approvalPolicy, env: envObject, mcpServers: servers };
      if (agent) {
        await unwrap(api.PATCH('/api/projects/{projectId}/agents/{agentId}', { params: { path: { ...path, agentId: agent.id } }, body }));
      } else {
        await unwrap(api.POST('/api/projects/{projectId}/agents', { params: { path }, body: { ...body, type } }));
      }
      await mutate(keys.agents);
      onDone();
    });
  };

  return (
    <form onSubmit={submit} className="grid grid-cols-[8rem_1fr] items-center gap-2 rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <label htmlFor="agent-form-type" className="text-sm">Type</label>
      <select id="agent-form-type" value={type} disabled={!!agent} onChange={(e) => setType(e.target.value as Agent['type'])} className={field}>
        <option value="claude-code">Claude Code</option><option value="codex">Codex</option>
        <option value="gemini">Gemini CLI</option><option value="opencode">OpenCode</option>
      </select>
      <label htmlFor="agent-form-name" className="text-sm">Name</label>
      <input id="agent-form-name" value={name} onChange={(e) => setName(e.target.value)} required className={field} />
      <label htmlFor="agent-form-model" className="text-sm">Model</label>
      <input id="agent-form-model" value={model} onChange={(e) => setModel(e.target.value)} placeholder="the agent's default" className={field} />
      <label htmlFor="agent-form-prompt" className="text-sm">System prompt</label>
      <textarea id="agent-form-prompt" value={systemPrompt} onChange={(e) => setSystemPrompt(e.target.value)} rows={3} className={field} />
      <label htmlFor="agent-form-approval" className="text-sm">Tool approvals</label>
      <select id="agent-form-approval" value={approvalPolicy} onChange={(e) => setApprovalPolicy(e.target.value as Agent['approvalPolicy'])} className={field}>
        <option value="auto">Allowed automatically</option><option value="ask">Ask me</option>
      </select>
      <label htmlFor="agent-form-env" className="text-sm">Environment</label>
      <textarea id="agent-form-env" value={env} onChange={(e) => setEnv(e.target.value)} rows={2} placeholder="NAME=value, one a line" className={`${field} font-mono`} />
      <label htmlFor="agent-form-mcp" className="text-sm">MCP servers</label>
      <textarea id="agent-form-mcp" value={mcpServers} onChange={(e) => setMcpServers(e.target.value)} rows={3}
        placeholder='[{"name": "docs", "type": "stdio", "command": "docs-mcp"}]' className={`${field} font-mono`} />
      <div className="col-span-2 flex gap-2">
        <button type="submit" className={button}>{agent ? 'Save' : 'Create agent'}</button>
        <button type="button" onClick={onDone} className="rounded px-2 py-1 text-sm">Cancel</button>
      </div>
      {error && <p role="alert" className="col-span-2 text-sm text-red-600">{error}</p>}
    </form>
  );
}

function Agents() {
  const { data: agents } = useAgents();
  const { mutate } = useSWRConfig();
  const { error, run } = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const agentPath = (agent: Agent) => ({ params: { path: { ...path, agentId: agent.id } } });
  return (
    <section aria-labelledby="agents-heading" className="flex flex-col gap-2">
      <h2 id="agents-heading" className="font-semibold">Agents</h2>
      <ul className="flex flex-col gap-1">
        {agents?.map((agent) => editing === agent.id ? (
          <li key={agent.id}><AgentForm agent={agent} onDone={() => setEditing(null)} /></li>
        ) : (
          <li key={agent.id} className="flex items-center gap-2 text-sm">
            <span className="font-medium">{agent.name}</span>
            <span className="text-xs text-zinc-500">{agent.type}{agent.model ? ` · ${agent.model}` : ''}</span>
            {agent.isDefault && <span className="rounded bg-indigo-100 px-1 text-xs text-indigo-800 dark:bg-indigo-900/40 dark:text-indigo-300">default</span>}
            <span className="ml-auto flex gap-2">
              {!agent.isDefault && (
                <button type="button" className="text-xs underline" onClick={() => void run(async () => {
                  await unwrap(api.PATCH('/api/projects/{projectId}/agents/{agentId}', { ...agentPath(agent), body: { isDefault: true } }));
                  await mutate(keys.agents);
                })}>Make default</button>
              )}
              <button type="button" className="text-xs underline" onClick={() => setEditing(agent.id)}>Edit</button>
              <button type="button" className="text-xs underline" onClick={() => {
                if (!window.confirm(`Delete the agent "${agent.name}"?`)) return;
                void run(async () => {
                  await unwrap(api.DELETE('/api/projects/{projectId}/agents/{agentId}', agentPath(agent)));
                  await mutate(keys.agents);
                });
              }}>Delete</button>
            </span>
          </li>
        ))}
      </ul>
      {editing === 'new' ? <AgentForm onDone={() => setEditing(null)} /> : (
        <button type="button" className="self-start text-sm text-indigo-600" onClick={() => setEditing('new')}>Add an agent</button>
      )}
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
    </section>
  );
}

function Credentials() {
  const key = `/api/projects/${projectId}/credentials`;
  const { data, mutate } = useSWR(key, async () => (await unwrap(api.GET('/api/projects/{projectId}/credentials', { params: { path } }))).items);
  const { error, run } = useAction();
  const [provider, setProvider] = useState('anthropic');
  const [apiKey, setApiKey] = useState('');
  const [hosts, setHosts] = useState('');

  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const hostList = hosts.split(/[\s,]+/).filter(Boolean);
      await unwrap(api.POST('/api/projects/{projectId}/credentials', {
        params: { path }, body: { provider, name: `${provider} key`, apiKey, ...(hostList.length ? { hosts: hostList } : {}) },
      }));
      setApiKey('');
      setHosts('');
      await mutate();
    });
  };

  return (
    <section aria-labelledby="credentials-heading" className="flex flex-col gap-2">
      <h2 id="credentials-heading" className="font-semibold">API keys</h2>
      <ul className="flex flex-col gap-1">
        {data?.map((credential) => (
          <li key={credential.id} className="flex items-center gap-2 text-sm">
            <span className="font-medium">{credential.provider}</span>
            <span className="font-mono text-xs">••••{credential.last4}</span>
            <span className="truncate text-xs text-zinc-500">{credential.hosts.join(', ')}</span>
            <button type="button" className="ml-auto text-xs underline" onClick={() => {
              if (!window.confirm(`Delete the ${credential.provider} key ending in ${credential.last4}?`)) return;
              void run(async () => {
                await unwrap(api.DELETE('/api/projects/{projectId}/credentials/{credentialId}', { params: { path: { ...path, credentialId: credential.id } } }));
                await mutate();
              });
            }}>Delete</button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs">Provider
          <select value={provider} onChange={(e) => setProvider(e.target.value)} className={field}>
            {['anthropic', 'openai', 'google', 'github', 'gitlab', 'gitea'].map((p) => <option key={p}>{p}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs">Key
          <input type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required className={field} />
        </label>
        <label className="flex flex-col text-xs">Hosts (optional)
          <input value={hosts} onChange={(e) => setHosts(e.target.value)} placeholder="the provider's API" className={field} />
        </label>
        <button type="submit" className={button} disabled={!apiKey}>Add key</button>
      </form>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
    </section>
  );
}

function Network() {
  const key = `/api/projects/${projectId}`;
  const { data: project, mutate } = useSWR(key, async () => await unwrap(api.GET('/api/projects/{projectId}', { params: { path } })));
  const { error, run } = useAction();
  const [draft, setDraft] = useState<string | null>(null);
  if (!project) return null;
  const current = (project.networkPolicy?.allowHosts ?? []).join('\n');
  return (
    <section aria-labelledby="network-heading" className="flex flex-col gap-2">
      <h2 id="network-heading" className="font-semibold">Network allowlist</h2>
      <label htmlFor="allow-hosts" className="text-xs text-zinc-500">Hosts the sessions may reach (one per line, *.domain allowed)</label>
      <textarea id="allow-hosts" rows={6} value={draft ?? current} onChange={(e) => setDraft(e.target.value)} className={`${field} font-mono`}
        placeholder={project.networkPolicy ? '' : "The default: the agent providers' APIs, npm, Debian, PyPI and GitHub"} />
      <button type="button" className={`${button} self-start`} disabled={draft === null} onClick={() => void run(async () => {
        const allowHosts = (draft ?? '').split(/\s+/).filter(Boolean);
        await unwrap(api.PATCH('/api/projects/{projectId}', {
          params: { path }, body: { networkPolicy: { allowHosts, allowCidrs: project.networkPolicy?.allowCidrs ?? [] } },
        }));
        setDraft(null);
        await mutate();
      })}>Save allowlist</button>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
    </section>
  );
}

function Appearance() {
  const [theme, choose] = useState<Theme>(storedTheme());
  return (
    <section aria-labelledby="appearance-heading" className="flex flex-col gap-2">
      <h2 id="appearance-heading" className="font-semibold">Appearance</h2>
      <label className="flex items-center gap-2 text-sm">Theme
        <select value={theme} className={field} onChange={(e) => { const t = e.target.value as Theme; choose(t); setTheme(t); }}>
          <option value="system">Like the system</option><option value="light">Light</option><option value="dark">Dark</option>
        </select>
      </label>
    </section>
  );
}

function Notifications() {
  const [allowed, setAllowed] = useState(notificationsAllowed());
  return (
    <section aria-labelledby="notifications-heading" className="flex flex-col gap-2">
      <h2 id="notifications-heading" className="font-semibold">Notifications</h2>
      {allowed ? <p className="text-sm text-zinc-500">On: you are told when a turn finishes or waits for you while this tab is hidden.</p> : (
        <button type="button" className={`${button} self-start`} onClick={() => void askForNotifications().then(setAllowed)}>
          Notify me when a turn finishes
        </button>
      )}
    </section>
  );
}

export function Settings({ onClose }: { onClose: () => void }) {
  return (
    <section aria-label="Settings" className="flex h-full min-h-0 flex-col">
      <header className="flex items-center border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h1 className="flex-1 font-medium">Settings</h1>
        <button type="button" onClick={onClose} className="text-sm underline">Close</button>
      </header>
      <div className="flex min-h-0 flex-1 flex-col gap-6 overflow-y-auto p-4">
        <Agents />
        <Credentials />
        <Network />
        <Notifications />
        <Appearance />
      </div>
    </section>
  );
}
