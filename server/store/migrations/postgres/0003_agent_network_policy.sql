-- What an agent adds to its project's egress policy, JSON {"allowHosts": [...], "allowCidrs": [...]}.
ALTER TABLE agents ADD COLUMN network_policy_json TEXT NOT NULL DEFAULT '{}';
