/** `firewalls`: ufw (or nftables) state, default policies and documented rules. */
import type { ObservedFirewallRule } from '../observation.ts';
import { normaliseBind } from '../../lib/net.ts';
import { FindingBuilder, type Kind } from './kind.ts';

/** Normalises a rule source: `any`, an address (`/32`, `/128` dropped) or a network. */
export function normaliseSource(from: string): string {
	if (!from || from === 'any' || from === '0.0.0.0/0' || from === '::/0') return 'any';
	const [ip = '', len] = from.split('/');
	const n = normaliseBind(ip);
	if (len === undefined || (len === '32' && !n.includes(':')) || (len === '128' && n.includes(':'))) return n;
	return `${n}/${len}`;
}

/** A documented rule in the observed rule's shape. */
export interface RuleLike { port: string | number; protocol?: string | undefined; action: string; from: string }

/** `true` when a documented rule and an observed rule state the same thing. */
export function ruleMatches(doc: RuleLike, seen: ObservedFirewallRule): boolean {
	return String(doc.port) === seen.port && (doc.protocol ?? undefined) === (seen.protocol ?? undefined) && doc.action === seen.action && normaliseSource(doc.from) === normaliseSource(seen.from);
}

/** Text form of a rule, like `ufw status`: `allow 5432/tcp from 10.0.0.0/24`. */
export function ruleText(r: RuleLike): string {
	return `${r.action} ${r.port}${r.protocol ? `/${r.protocol}` : ''} from ${normaliseSource(r.from)}`;
}

/** Checks a host firewall. */
export const firewallsKind: Kind<'firewalls'> = {
	kind: 'firewalls',
	meta: {
		description: 'The firewall front end, whether it is active, its default policies and its rules.',
		messages: {
			backend: 'Firewall of {{host}} is managed by {{observed}}, documented {{expected}}.',
			active: 'Firewall of {{host}} is {{observed}}, documented {{expected}}.',
			defaults: 'Default {{direction}} policy of {{host}} is {{observed}}, documented {{expected}}.',
			ruleMissing: 'Rule "{{expected}}" is documented for {{host}} but not in the firewall.',
		},
	},
	needs: () => ['firewall'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'firewall')) return b.out;
		const fw = obs.firewall!;
		if (fw.backend !== v.backend) b.drift('backend', 'backend', v.backend, fw.backend);
		if (fw.active !== v.active) b.drift('active', 'active', v.active ? 'active' : 'inactive', fw.active ? 'active' : 'inactive');
		for (const dir of ['incoming', 'outgoing', 'routed'] as const) {
			const want = v.defaults?.[dir];
			if (want === undefined) continue;
			const got = fw.defaults?.[dir];
			if (got !== want) b.drift('defaults', 'defaults', want, got, { direction: dir });
		}
		for (const r of v.rules as RuleLike[]) {
			if (!fw.rules.some((s) => ruleMatches(r, s))) b.drift('rule', 'ruleMissing', ruleText(r), '(no such rule)');
		}
		return b.done(`firewall of ${f.host}: ${fw.active ? 'active' : 'inactive'}, ${v.rules.length} documented rules present`);
	},
};
