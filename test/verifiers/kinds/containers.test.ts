import { describe } from 'vitest';
import { containersKind } from '../../../verifiers/kinds/containers.ts';
import type { ObservedContainer } from '../../../verifiers/observation.ts';
import { fact, obs, ruleTester } from '../helpers.ts';

const pg: ObservedContainer = {
	name: 'grocery_postgres', image: 'postgres:16', state: 'running', health: 'healthy',
	ports: [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }],
	networks: ['grocery-mate_devnet'], mounts: [{ type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data' }],
	restart: 'unless-stopped', envNames: ['POSTGRES_DB', 'POSTGRES_PASSWORD'],
};
const doc = { name: 'grocery_postgres', image: 'postgres:16', health: 'healthy', ports: [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432 }], networks: ['grocery-mate_devnet'], mounts: [{ source: 'pgdata', target: '/var/lib/postgresql/data' }], restart: 'unless-stopped', env: ['POSTGRES_PASSWORD'] };

describe(containersKind.kind, () => {
	ruleTester(containersKind, {
		valid: [
			{ name: 'everything matches', fact: fact('containers', doc), obs: obs({ containers: [pg] }) },
			{ name: 'fully qualified image documented', fact: fact('containers', { name: 'grocery_postgres', image: 'docker.io/library/postgres:16' }), obs: obs({ containers: [pg] }) },
		],
		invalid: [
			{ name: 'container missing', fact: fact('containers', { name: 'pgadmin', image: 'dpage/pgadmin4:latest' }), obs: obs({ containers: [pg] }), findings: [{ outcome: 'drift', ruleId: 'containers/present', message: /pgadmin does not exist on h1/ }] },
			{ name: 'image tag changed', fact: fact('containers', { ...doc, image: 'postgres:15' }), obs: obs({ containers: [pg] }), findings: [{ outcome: 'drift', ruleId: 'containers/image', message: 'Container grocery_postgres on h1 runs image postgres:16, documented postgres:15.' }] },
			{ name: 'stopped and unhealthy', fact: fact('containers', doc), obs: obs({ containers: [{ ...pg, state: 'exited', health: 'unhealthy' }] }), findings: [{ outcome: 'drift', ruleId: 'containers/state' }, { outcome: 'drift', ruleId: 'containers/health' }] },
			{ name: 'published on all addresses', fact: fact('containers', doc), obs: obs({ containers: [{ ...pg, ports: [{ hostIp: '0.0.0.0', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }] }] }), findings: [{ outcome: 'drift', ruleId: 'containers/ports', message: /publishes 0.0.0.0:5432->5432\/tcp, documented 127.0.0.1:5432->5432\/tcp/ }] },
			{ name: 'env name missing (values never read)', fact: fact('containers', { ...doc, env: ['POSTGRES_PASSWORD', 'PGDATA'] }), obs: obs({ containers: [pg] }), findings: [{ outcome: 'drift', ruleId: 'containers/env', message: /lacks environment variable\(s\) PGDATA/ }] },
			{ name: 'docker needs sudo', fact: fact('containers', doc), obs: obs({ problems: { 'docker-inspect': { reason: 'needs-sudo', message: 'docker-inspect: needs sudo: add the lines in verifiers/probe/sudoers' } } }), findings: [{ outcome: 'unverified', ruleId: 'containers/probe', message: /needs sudo/ }] },
		],
	});
});
