/** `units`: systemd units (active state, enabled at boot, `User=`). */
import { FindingBuilder, type Kind } from './kind.ts';

const ENABLED = new Set(['enabled', 'enabled-runtime', 'alias', 'linked', 'linked-runtime']);

/** Checks systemd units. */
export const unitsKind: Kind<'units'> = {
	kind: 'units',
	meta: {
		description: 'A systemd unit is loaded, in the documented active state, enabled as documented and runs as the documented user.',
		messages: {
			missing: 'Unit {{name}} is not known to systemd on {{host}} (LoadState={{observed}}).',
			active: 'Unit {{name}} on {{host}} is {{observed}}, documented {{expected}} (systemctl show -p ActiveState).',
			enabled: 'Unit {{name}} on {{host}} is {{observed}} at boot, documented {{expected}} (UnitFileState).',
			user: 'Unit {{name}} on {{host}} runs as {{observed}}, documented {{expected}} (User=).',
		},
	},
	needs: () => ['systemctl'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'systemctl')) return b.out;
		const d = { name: v.name };
		const u = obs.units?.[v.name];
		if (!u || u.loadState === 'not-found' || u.loadState === '') return b.drift('present', 'missing', 'loaded', u?.loadState || 'not-found', d).out;
		if (u.activeState !== v.active) b.drift('active', 'active', v.active, `${u.activeState} (${u.subState})`, d);
		if (v.enabled !== undefined) {
			const en = ENABLED.has(u.unitFileState);
			if (en !== v.enabled) b.drift('enabled', 'enabled', v.enabled ? 'enabled' : 'disabled', u.unitFileState || '(unknown)', d);
		}
		if (v.user && (u.user || 'root') !== v.user) b.drift('user', 'user', v.user, u.user || 'root', d);
		return b.done(`unit ${v.name} is ${u.activeState}`);
	},
};
