/**
 * `unmatched-literal` (warning): an address, container, network, estate domain,
 * systemd unit or published port that matches no declared fact. Examples
 * (documentation ranges, loopback, `example.com`, placeholders) and the page's
 * `lintAllow` entries pass.
 */
import { baseDomain, isKnownAddress, isKnownNetwork } from '../fact-index.ts';
import { isExampleDomain } from '../examples.ts';
import { isGenericAddress } from '../../../lib/net.ts';
import type { Rule } from '../types.ts';
import { nearAddresses } from './address-near-miss.ts';

/** systemd's own targets and units, generic on every host. */
const SYSTEM_UNITS = /^(multi-user|graphical|default|network|network-online|network-pre|basic|sysinit|sockets|timers|paths|local-fs|remote-fs|time-sync|nss-lookup|shutdown|rescue|emergency|getty)\.target$|^systemd-[\w@-]+\.(service|socket|timer)$/;

const HOW = 'Declare it as a fact (then write it with <Fact id="…" />), or add it to the page\'s `lintAllow` if it is deliberately not a fact.';

export const unmatchedLiteral: Rule = {
	id: 'unmatched-literal',
	meta: { description: 'Literals that look like facts should match a declared fact.', needsEstate: true },
	check(ctx) {
		const ix = ctx.index;
		const warn = (l: (typeof ctx.literals)[number], what: string, hint = '') =>
			ctx.report({ severity: 'warning', line: l.line, column: l.column, actual: l.raw, message: `${what} matches no declared fact of estate ${ctx.estate}${hint}`, fix: HOW });
		for (const l of ctx.literals) {
			switch (l.type) {
				case 'address': {
					if (isGenericAddress(l.ip, l.prefix)) break;
					if (l.prefix !== undefined && l.prefix < (l.version === 4 ? 32 : 128) ? isKnownNetwork(ix, l.ip, l.prefix) || isKnownAddress(ix, l.ip) : isKnownAddress(ix, l.ip)) break;
					const near = nearAddresses(ix, l.ip)[0];
					warn(l, `Address \`${l.raw}\``, near ? ` (did you mean ${near.ip}, ${near.fact.id}?)` : '');
					break;
				}
				case 'container':
					if (!ix.containers.has(l.name) && !ix.names.has(l.name)) warn(l, `Container \`${l.raw}\``);
					break;
				case 'network':
					if (!ix.networks.has(l.name) && !ix.networkSuffixes.has(l.name) && !/^(bridge|host|none|default)$/.test(l.name)) warn(l, `Network \`${l.raw}\``);
					break;
				case 'domain':
					if (isExampleDomain(l.name) || !ix.baseDomains.has(baseDomain(l.name))) break;
					if (ix.domains.has(l.name) || [...ix.domains.keys()].some((d) => d.startsWith('*.') && l.name.endsWith(d.slice(1)))) break;
					warn(l, `Domain \`${l.raw}\``);
					break;
				case 'unit':
					if (!ix.units.has(l.name) && !SYSTEM_UNITS.test(l.name)) warn(l, `Unit \`${l.name}\``);
					break;
				case 'mapping': {
					if (l.hostPort === undefined) break;
					const known = [...ix.containers.values()].flat().some((f) => (f.value.ports ?? []).some((p) => p.hostPort === l.hostPort)) || ix.socketsByPort.has(l.hostPort);
					if (!known) warn(l, `Published port \`${l.raw}\``);
					break;
				}
			}
		}
	},
};
