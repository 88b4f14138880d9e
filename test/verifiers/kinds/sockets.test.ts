import { describe } from 'vitest';
import { socketsKind } from '../../../verifiers/kinds/sockets.ts';
import { ctx, fact, noLocal, obs, ruleTester } from '../helpers.ts';

const sock = (bind: string, port = 5432, processes = ['postgres'], protocol: 'tcp' | 'udp' = 'tcp') => ({ protocol, bind, rawBind: bind === '*' ? '0.0.0.0' : bind, port, processes });

describe(socketsKind.kind, () => {
	ruleTester(socketsKind, {
		valid: [
			{ name: 'loopback socket with process', fact: fact('sockets', { port: 5432, bind: '127.0.0.1', process: 'postgres' }), obs: obs({ sockets: [sock('127.0.0.1')], socketsWithProcesses: true }) },
			{ name: '0.0.0.0 documented, :: observed (dual stack)', fact: fact('sockets', { port: 80, bind: '0.0.0.0' }), obs: obs({ sockets: [{ ...sock('*', 80), rawBind: '::' }] }) },
			{ name: '* documented, 0.0.0.0 observed', fact: fact('sockets', { port: 80, bind: '*' }), obs: obs({ sockets: [sock('*', 80)] }) },
			{ name: 'IPv4-mapped bind is normalised', fact: fact('sockets', { port: 5000, bind: '127.0.0.1' }), obs: obs({ sockets: [{ ...sock('127.0.0.1', 5000), rawBind: '::ffff:127.0.0.1' }] }) },
			{ name: 'docker-proxy documented, conmon observed', fact: fact('sockets', { port: 81, bind: '0.0.0.0', process: 'docker-proxy' }), obs: obs({ sockets: [sock('*', 81, ['conmon'])], socketsWithProcesses: true }) },
			{ name: 'internal socket not reachable from the build machine', fact: fact('sockets', { port: 5432, bind: '127.0.0.1' }), obs: obs({ sockets: [sock('127.0.0.1')] }), ctx: ctx({ local: { ...noLocal(), reach: [{ host: 'h1', address: '10.231.1.2', port: 5432, result: 'closed' }] } }) },
			{ name: 'udp socket', fact: fact('sockets', { port: 53, protocol: 'udp', bind: '127.0.0.53' }), obs: obs({ sockets: [sock('127.0.0.53', 53, [], 'udp')] }) },
		],
		invalid: [
			{ name: 'nothing listens', fact: fact('sockets', { port: 443, bind: '0.0.0.0' }), obs: obs({ sockets: [sock('*', 80)] }), findings: [{ outcome: 'drift', ruleId: 'sockets/listening', message: /Nothing listens on tcp\/443 on h1/ }] },
			{ name: 'bound to all addresses, documented loopback', fact: fact('sockets', { port: 5432, bind: '127.0.0.1' }), obs: obs({ sockets: [sock('*')] }), findings: [{ outcome: 'drift', ruleId: 'sockets/bind', message: 'tcp/5432 on h1 is bound to 0.0.0.0, documented 127.0.0.1.' }] },
			{ name: 'other process', fact: fact('sockets', { port: 5432, bind: '127.0.0.1', process: 'postgres' }), obs: obs({ sockets: [sock('127.0.0.1', 5432, ['python3'])], socketsWithProcesses: true }), findings: [{ outcome: 'drift', ruleId: 'sockets/process' }] },
			{ name: 'process unknown without sudo', fact: fact('sockets', { port: 5432, bind: '127.0.0.1', process: 'postgres' }), obs: obs({ sockets: [sock('127.0.0.1', 5432, [])], socketsWithProcesses: false }), findings: [{ outcome: 'unverified', ruleId: 'sockets/process', message: /needs sudo: add the lines in verifiers\/probe\/sudoers/ }] },
			{ name: 'internal but reachable from the build machine', fact: fact('sockets', { port: 5432, bind: '0.0.0.0', exposure: 'internal' }), obs: obs({ sockets: [sock('*')] }), ctx: ctx({ local: { ...noLocal(), reach: [{ host: 'h1', address: '10.231.1.2', port: 5432, result: 'open' }] } }), findings: [{ outcome: 'drift', ruleId: 'sockets/exposure', message: /documented as internal but the build machine reached it at 10.231.1.2:5432/ }] },
			{ name: 'public but filtered', fact: fact('sockets', { port: 443, bind: '0.0.0.0' }), obs: obs({ sockets: [sock('*', 443)] }), ctx: ctx({ local: { ...noLocal(), reach: [{ host: 'h1', address: '10.231.1.2', port: 443, result: 'filtered' }] } }), findings: [{ outcome: 'drift', ruleId: 'sockets/exposure' }] },
			{ name: 'ss unavailable', fact: fact('sockets', { port: 22, bind: '0.0.0.0' }), obs: obs({ problems: { ss: { reason: 'not-installed', message: 'ss: command not installed on the host' } } }), findings: [{ outcome: 'unverified', ruleId: 'sockets/probe', message: /not installed/ }] },
		],
	});
});
