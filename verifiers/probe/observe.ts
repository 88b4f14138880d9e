/**
 * Turns the raw sections of one probe run into a `HostObservation` (pure): runs the
 * parser of each section and records why a section gave nothing (not installed,
 * needs sudo, failed, unparsable, missing). Never throws.
 */
import type { HostObservation, ProbeCost, SectionName, SectionProblem } from '../observation.ts';
import { redactDeep } from '../redact.ts';
import { inCidr } from '../../lib/net.ts';
import type { ProbePlan, RawSection } from './script.ts';
import { bounded, type ParseResult } from './parse/result.ts';
import { parseHostname, parseKernel, parseNproc, parsePortRange } from './parse/scalar.ts';
import { parseOsRelease } from './parse/os-release.ts';
import { parseMeminfo } from './parse/meminfo.ts';
import { parseDf } from './parse/df.ts';
import { parseIpAddr } from './parse/ip-json.ts';
import { parseSs } from './parse/ss.ts';
import { parseDockerInspect } from './parse/docker-inspect.ts';
import { parseDockerNetworks } from './parse/docker-network.ts';
import { parseDockerVolumes } from './parse/docker-volume.ts';
import { parseUfw } from './parse/ufw.ts';
import { parseNft } from './parse/nft.ts';
import { parseSystemctlShow } from './parse/systemctl.ts';
import { parseUnitsList } from './parse/units-list.ts';
import { parseGroup, parsePasswd } from './parse/getent.ts';
import { parseStat } from './parse/stat.ts';
import { parseSshd } from './parse/sshd.ts';

/** Sections that need root (through `sudo -n`) to give a full answer. */
const ROOT_SECTIONS = new Set<SectionName>(['firewall', 'docker-inspect', 'docker-networks', 'docker-volumes', 'sshd']);

/** Hint shown whenever a probe lacks root. */
export const SUDO_HINT = 'needs sudo: add the lines in verifiers/probe/sudoers';

/**
 * Why a section has no usable output, or `undefined` when it ran fine.
 * @param name
 *   Section name.
 * @param raw
 *   Its raw output (absent when the section never started).
 */
export function sectionProblem(name: SectionName, raw: RawSection | undefined): SectionProblem | undefined {
	if (!raw || raw.rc === undefined) return { reason: 'missing', message: `no complete output for "${name}" (probe output truncated or interrupted)` };
	if (raw.rc === 0) return undefined;
	const err = bounded(raw.stderr.split('\n').find((l) => l.trim()) ?? '', 160);
	if (raw.rc === 127 || /command not found|not found$/.test(err)) return { reason: 'not-installed', message: `${name}: command not installed on the host${err ? ` (${err})` : ''}` };
	if (/^sudo: /.test(err) || /permission denied while trying to connect to the docker|need to be root|must be root|Permission denied/i.test(err) && raw.priv === 'user' && ROOT_SECTIONS.has(name)) {
		return { reason: 'needs-sudo', message: `${name}: ${SUDO_HINT}${err ? ` (${err})` : ''}` };
	}
	if (/has not been booted with systemd|Failed to connect to bus/.test(err)) return { reason: 'not-running', message: `${name}: systemd is not running on this host (${err})` };
	if (/Cannot connect to the Docker daemon|Is the docker daemon running/.test(err)) return { reason: 'not-running', message: `${name}: no Docker daemon answers on this host (${err})` };
	if (raw.priv === 'user' && ROOT_SECTIONS.has(name)) return { reason: 'needs-sudo', message: `${name}: ${SUDO_HINT}${err ? ` (${err})` : ''}` };
	return { reason: 'failed', message: `${name}: exit ${raw.rc}${err ? `: ${err}` : ''}` };
}

/**
 * Parses every requested section.
 * @param plan
 *   What was asked for.
 * @param raw
 *   Sections split from the probe output.
 */
export function observe(plan: ProbePlan, raw: ReadonlyMap<string, RawSection>): HostObservation {
	const obs: HostObservation = { problems: {} };
	const take = <T>(name: SectionName, parse: (s: string) => ParseResult<T>, set: (v: T) => void, tolerateRc = false) => {
		// what ran is parsed (the script adds `ip-addr` for Docker networks where a Docker socket exists)
		if (!plan.sections.has(name) && !raw.has(name)) return;
		const r = raw.get(name);
		const problem = sectionProblem(name, r);
		if (problem && !(tolerateRc && r && r.rc !== undefined && r.stdout.trim() && problem.reason === 'failed')) {
			obs.problems[name] = problem;
			return;
		}
		const res = parse(r!.stdout);
		if (res.ok) set(res.value);
		else obs.problems[name] = { reason: 'unparsable', message: bounded(res.error, 200) };
	};
	take('hostname', parseHostname, (v) => (obs.hostname = v));
	take('os-release', parseOsRelease, (v) => (obs.os = v));
	take('kernel', parseKernel, (v) => (obs.kernel = v));
	take('nproc', parseNproc, (v) => (obs.cpus = v));
	take('meminfo', parseMeminfo, (v) => (obs.memoryKiB = v));
	take('df', parseDf, (v) => (obs.disks = v), true);
	take('ip-addr', parseIpAddr, (v) => (obs.addresses = v));
	take('ss', parseSs, (v) => {
		obs.sockets = v;
		obs.socketsWithProcesses = raw.get('ss')?.priv === 'root';
	});
	take('port-range', parsePortRange, (v) => (obs.portRange = v));
	take('docker-inspect', parseDockerInspect, (v) => (obs.containers = v));
	take('docker-networks', parseDockerNetworks, (v) => (obs.networks = v));
	take('docker-volumes', parseDockerVolumes, (v) => (obs.volumes = v));
	// Podman's Docker API does not report a network's bridge interface: the interface
	// that carries the network's gateway address is that bridge.
	for (const n of obs.networks ?? []) {
		if (n.interface) continue;
		const gw = n.subnets.map((s) => s.gateway).find(Boolean);
		const iface = gw
			? obs.addresses?.find((a) => a.cidr.split('/')[0] === gw)?.ifname
			: obs.addresses?.find((a) => !/^veth/.test(a.ifname) && n.subnets.some((s) => inCidr(a.cidr.split('/')[0]!, s.subnet)))?.ifname;
		if (iface) n.interface = iface;
	}
	take('firewall', (s) => (s.trimStart().startsWith('{') ? parseNft(s) : parseUfw(s)), (v) => (obs.firewall = v));
	if (plan.units.length) take('systemctl', (s) => parseSystemctlShow(s, plan.units), (v) => (obs.units = v));
	take('units-list', parseUnitsList, (v) => (obs.unitsList = v));
	take('passwd', parsePasswd, (v) => (obs.users = v));
	take('group', parseGroup, (v) => (obs.groups = v));
	if (plan.paths.length) take('stat', parseStat, (v) => (obs.paths = v), true);
	take('sshd', parseSshd, (v) => (obs.sshd = v));
	const cost = probeCost(raw);
	if (cost) obs.probeCost = cost;
	return detach(redactDeep(obs));
}

/**
 * What the probe cost on the host, per section (from the script's checkpoints), or
 * `undefined` when the host's shell printed no usable `times`.
 * @param raw
 *   Sections split from the probe output.
 */
export function probeCost(raw: ReadonlyMap<string, RawSection>): ProbeCost | undefined {
	const sections: ProbeCost['sections'] = [];
	for (const [name, r] of raw) if (r.cpuMs !== undefined) sections.push({ name, priv: r.priv, cpuMs: r.cpuMs, wallMs: r.wallMs ?? 0 });
	if (!sections.length) return undefined;
	return { cpuMs: sections.reduce((a, s) => a + s.cpuMs, 0), wallMs: sections.reduce((a, s) => a + s.wallMs, 0), sections };
}

/**
 * A deep copy with fresh strings. Parsed values are often substrings of the raw probe
 * output, and V8 keeps a sliced string's whole parent alive: without this, every host's
 * observation would pin up to `maxBytes` of raw output until the run ends. (The
 * observation is JSON by contract: it is what evidence files store.)
 */
function detach<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}
