/**
 * Parser for `nft -j list ruleset`, used where ufw is absent. Reads the base chains
 * hooked on `input` (policy → incoming default) and `output`, and each rule that
 * matches a destination port with a verdict. Other rules (ct state, loopback) are
 * infrastructure and not reported.
 */
import type { ObservedFirewall, ObservedFirewallRule } from '../../observation.ts';
import { bounded, fail, guard, isArr, isObj, MAX_ITEMS, ok, parseJson, type ParseResult } from './result.ts';

const POLICY: Record<string, string> = { accept: 'allow', drop: 'deny', reject: 'reject' };

function portsOf(right: unknown): string[] {
	if (typeof right === 'number') return [String(right)];
	if (isObj(right) && isArr(right.set)) return right.set.flatMap(portsOf);
	if (isObj(right) && isArr(right.range) && right.range.length === 2) return [`${String(right.range[0])}:${String(right.range[1])}`];
	if (isArr(right)) return right.flatMap(portsOf);
	return [];
}

function addrOf(right: unknown): string | undefined {
	if (typeof right === 'string') return right;
	if (isObj(right) && isObj(right.prefix)) return `${String(right.prefix.addr)}/${String(right.prefix.len)}`;
	return undefined;
}

/** `nft -j list ruleset` → firewall. */
export function parseNft(input: string): ParseResult<ObservedFirewall> {
	return guard('nft', input, (s) => {
		const j = parseJson(s.trim());
		if (!j.ok) return fail(`nft: ${j.error}`);
		if (!isObj(j.value) || !isArr(j.value.nftables)) return fail('nft: expected {"nftables": [...]}');
		const items = j.value.nftables.filter(isObj);
		const inputChains = new Set<string>();
		const fw: ObservedFirewall = { backend: 'nftables', active: false, rules: [] };
		for (const it of items) {
			const c = it.chain;
			if (!isObj(c) || c.type !== 'filter') continue;
			if (c.hook === 'input') {
				inputChains.add(`${String(c.family)}/${String(c.table)}/${String(c.name)}`);
				fw.active = true;
				fw.defaults = { ...fw.defaults, incoming: POLICY[String(c.policy)] ?? 'allow' };
			}
			if (c.hook === 'output') fw.defaults = { ...fw.defaults, outgoing: POLICY[String(c.policy)] ?? 'allow' };
			if (c.hook === 'forward') fw.defaults = { ...fw.defaults, routed: POLICY[String(c.policy)] ?? 'allow' };
		}
		const rules: ObservedFirewallRule[] = [];
		for (const it of items) {
			const r = it.rule;
			if (!isObj(r) || !inputChains.has(`${String(r.family)}/${String(r.table)}/${String(r.chain)}`) || !isArr(r.expr)) continue;
			let ports: string[] = [];
			let protocol: 'tcp' | 'udp' | undefined;
			let from = 'any';
			let action: ObservedFirewallRule['action'] | undefined;
			let other = false;
			for (const e of r.expr.filter(isObj)) {
				if (isObj(e.match)) {
					const left = e.match.left;
					const p = isObj(left) && isObj(left.payload) ? left.payload : undefined;
					if (p && p.field === 'dport' && (p.protocol === 'tcp' || p.protocol === 'udp')) { protocol = p.protocol; ports = portsOf(e.match.right); }
					else if (p && p.field === 'saddr') from = bounded(addrOf(e.match.right) ?? 'any', 60);
					else other = true;
				}
				if ('accept' in e) action = 'allow';
				if ('drop' in e) action = 'deny';
				if ('reject' in e) action = 'reject';
			}
			if (!action || !ports.length || other) continue;
			for (const port of ports) rules.push({ port, action, from, ...(protocol ? { protocol } : {}), ...(typeof r.comment === 'string' ? { comment: bounded(r.comment, 200) } : {}) });
			if (rules.length >= MAX_ITEMS) break;
		}
		fw.rules = rules;
		return ok(fw);
	});
}
