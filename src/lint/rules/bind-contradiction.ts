/**
 * `bind-contradiction`: an address:port in the text that the socket facts rule
 * out, e.g. `0.0.0.0:5000` (or `LISTEN 0.0.0.0:5000`) where the socket fact says
 * tcp:5000 binds 127.0.0.1, or `http://<public address>:5000` where the socket
 * only listens on loopback.
 */
import { at, where } from '../fact-index.ts';
import { bindClass, hostOf, socketFor, socketText } from '../resolve.ts';
import type { Located, Rule } from '../types.ts';

export const bindContradiction: Rule = {
	id: 'bind-contradiction',
	meta: { description: 'Addresses with ports must agree with the bind address of the socket facts.', needsEstate: true },
	check(ctx) {
		for (const lit of ctx.literals) {
			if (lit.type !== 'address' || lit.port === undefined) continue;
			const l = lit as Located<Extract<typeof lit, { type: 'address' }>>;
			if (l.segment.block?.containerContext && l.role === 'bind') continue; // a bind inside a container namespace
			const host = hostOf(ctx.index, l.ip, l.segment);
			const fact = socketFor(ctx.index, l.port!, host);
			if (!fact) continue;
			const lit_ = bindClass(l.ip);
			const fct = bindClass(fact.value.bind);
			// a client can reach a wildcard socket on any address
			const wrong = l.role === 'bind' ? lit_ !== fct : fct !== 'any' && lit_ !== fct;
			if (!wrong) continue;
			const how = l.role === 'bind' ? 'shows the socket bound to' : 'connects to';
			ctx.report({
				severity: 'error', line: l.line, column: l.column, actual: l.raw, expected: socketText(fact), declared: [at(fact)],
				message: `\`${l.raw}\` ${how} ${l.ip}, but the socket fact ${fact.id} binds ${fact.value.bind} (declared in ${where(fact)})`,
				fix: l.role === 'bind'
					? `Write ${fact.value.bind}:${fact.value.port} (or use <Fact id="${fact.id}" field="bind" />); if the server really binds ${l.ip}, fix the fact in ${where(fact)}.`
					: `Use an address the socket listens on (${fact.value.bind}) or correct the socket fact in ${where(fact)}.`,
			});
		}
	},
};
