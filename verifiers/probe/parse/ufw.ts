/**
 * Parser for `ufw status verbose`:
 * ```
 * Status: active
 * Default: deny (incoming), allow (outgoing), deny (routed)
 * To                         Action      From
 * 22/tcp                     ALLOW IN    Anywhere
 * 5432/tcp                   ALLOW IN    10.231.1.0/24              # db from lan
 * 22/tcp (v6)                ALLOW IN    Anywhere (v6)
 * ```
 * Incoming rules only; `(v6)` twins of IPv4 rules are folded into them.
 */
import type { ObservedFirewall, ObservedFirewallRule } from '../../observation.ts';
import { bounded, fail, guard, MAX_ITEMS, ok, type ParseResult } from './result.ts';

const ACTIONS: Record<string, ObservedFirewallRule['action']> = { ALLOW: 'allow', DENY: 'deny', REJECT: 'reject', LIMIT: 'limit' };

/** `ufw status verbose` → firewall. */
export function parseUfw(input: string): ParseResult<ObservedFirewall> {
	return guard('ufw', input, (s) => {
		const status = /^Status:\s*(active|inactive)\s*$/m.exec(s);
		if (!status) return fail('ufw: no "Status:" line');
		const fw: ObservedFirewall = { backend: 'ufw', active: status[1] === 'active', rules: [] };
		const d = /^Default:\s*(.+)$/m.exec(s);
		if (d) {
			fw.defaults = {};
			for (const m of d[1]!.matchAll(/(\w+) \((incoming|outgoing|routed)\)/g)) fw.defaults[m[2] as 'incoming'] = m[1]!;
		}
		const rules: ObservedFirewallRule[] = [];
		let inTable = false;
		for (const line of s.split('\n')) {
			if (/^To\s+Action\s+From\s*$/.test(line.trim())) { inTable = true; continue; }
			if (!inTable || /^--/.test(line.trim()) || !line.trim()) continue;
			const [main = '', ...commentParts] = line.split(/\s+#\s?/);
			const cols = main.trim().split(/\s{2,}/);
			if (cols.length < 3) continue;
			const [to = '', action = '', from = ''] = cols;
			const am = /^(ALLOW|DENY|REJECT|LIMIT)(?: (IN|OUT|FWD))?$/.exec(action.trim());
			if (!am || (am[2] && am[2] !== 'IN')) continue;
			const v6 = /\(v6\)/.test(to) || /\(v6\)/.test(from);
			const tm = /^(\d{1,5}(?::\d{1,5})?(?:,\d{1,5}(?::\d{1,5})?)*)(?:\/(tcp|udp))?(?:\s+\(.*\))?$/.exec(to.replace(/\s*\(v6\)/, '').trim());
			if (!tm) continue;
			const src = from.replace(/\s*\(v6\)/, '').trim();
			const fromNorm = /^Anywhere$/i.test(src) ? 'any' : bounded(src.split(/\s+/)[0], 60);
			for (const port of tm[1]!.split(',')) {
				const r: ObservedFirewallRule = { port, action: ACTIONS[am[1]!]!, from: fromNorm, ...(tm[2] ? { protocol: tm[2] as 'tcp' | 'udp' } : {}) };
				if (v6) r.v6 = true;
				const comment = commentParts.join(' # ').trim();
				if (comment) r.comment = bounded(comment, 200);
				rules.push(r);
			}
			if (rules.length >= MAX_ITEMS) break;
		}
		const same = (a: ObservedFirewallRule, b: ObservedFirewallRule) => a.port === b.port && a.protocol === b.protocol && a.action === b.action && a.from === b.from;
		fw.rules = rules.filter((r) => !(r.v6 && rules.some((q) => !q.v6 && same(q, r))));
		return ok(fw);
	});
}
