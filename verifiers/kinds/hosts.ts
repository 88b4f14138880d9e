/** `hosts`: hostname, OS, kernel, CPU count, memory and disks (with the fact's tolerance). */
import type { SectionName } from '../observation.ts';
import { FindingBuilder, type Kind } from './kind.ts';

const GiB = 1024 * 1024; // KiB per GiB

/** Checks a host's identity and resources. */
export const hostsKind: Kind<'hosts'> = {
	kind: 'hosts',
	meta: {
		description: 'Hostname, OS, kernel, CPUs, memory and disks of a host.',
		messages: {
			hostname: 'Hostname of {{host}} is "{{observed}}", documented "{{expected}}"; update the page or rename the host.',
			osId: 'OS of {{host}} is {{observed}}, documented {{expected}} (/etc/os-release ID).',
			osVersion: 'OS version of {{host}} is {{observed}}, documented {{expected}} (/etc/os-release VERSION_ID); was the host upgraded?',
			kernel: 'Kernel of {{host}} is {{observed}}, documented {{expected}} (/proc/sys/kernel/osrelease, as uname -r); kernels change with updates, consider dropping the fact.',
			cpus: '{{host}} has {{observed}} CPUs, documented {{expected}} (processors in /proc/cpuinfo).',
			memory: '{{host}} has {{observed}} GiB memory, documented {{expected}} GiB ± {{tolerance}} %.',
			diskMissing: 'Nothing is mounted at {{mount}} on {{host}} (df).',
			diskSize: 'Filesystem {{mount}} on {{host}} is {{observed}} GB, documented {{expected}} GB ± {{tolerance}} %.',
		},
	},
	needs(f) {
		const v = f.value;
		const s: SectionName[] = [];
		if (v.hostname) s.push('hostname');
		if (v.os) s.push('os-release');
		if (v.kernel) s.push('kernel');
		if (v.cpus) s.push('nproc');
		if (v.memory) s.push('meminfo');
		if (v.disks?.length) s.push('df');
		return s;
	},
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (v.hostname && b.need(obs, 'hostname', 'hostname') && obs.hostname !== v.hostname) b.drift('hostname', 'hostname', v.hostname, obs.hostname);
		if (v.os && b.need(obs, 'os-release', 'os')) {
			if (obs.os?.id !== v.os.id) b.drift('os', 'osId', v.os.id, obs.os?.id);
			else if (obs.os?.versionId !== v.os.version) b.drift('os', 'osVersion', v.os.version, obs.os?.versionId);
		}
		if (v.kernel && b.need(obs, 'kernel', 'kernel') && obs.kernel !== v.kernel) b.drift('kernel', 'kernel', v.kernel, obs.kernel);
		if (v.cpus && b.need(obs, 'nproc', 'cpus') && obs.cpus !== v.cpus) b.drift('cpus', 'cpus', v.cpus, obs.cpus);
		if (v.memory && b.need(obs, 'meminfo', 'memory') && obs.memoryKiB !== undefined) {
			const gib = obs.memoryKiB / GiB;
			if (Math.abs(gib - v.memory.value) > (v.memory.value * v.memory.tolerance) / 100) {
				b.drift('memory', 'memory', v.memory.value, round(gib), { tolerance: v.memory.tolerance });
			}
		}
		if (v.disks?.length && b.need(obs, 'df', 'disks')) {
			for (const d of v.disks) {
				const fs = obs.disks?.find((x) => x.mount === d.mount);
				if (!fs) { b.drift('disks', 'diskMissing', `${d.mount} mounted`, '(not mounted)', { mount: d.mount }); continue; }
				if (d.size) {
					const gb = (fs.sizeKiB * 1024) / 1e9;
					if (Math.abs(gb - d.size.value) > (d.size.value * d.size.tolerance) / 100) b.drift('disks', 'diskSize', d.size.value, round(gb), { mount: d.mount, tolerance: d.size.tolerance });
				}
			}
		}
		return b.done(`host ${f.host} matches (${this.needs(f).join(', ') || 'nothing to check'})`);
	},
};

/** One decimal. */
export const round = (n: number) => Math.round(n * 10) / 10;
