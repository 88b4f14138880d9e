/** `volumes`: Docker volumes (driver). */
import { FindingBuilder, type Kind } from './kind.ts';

/** Checks Docker volumes. */
export const volumesKind: Kind<'volumes'> = {
	kind: 'volumes',
	meta: {
		description: 'A Docker volume exists with the documented driver.',
		messages: {
			missing: 'Docker volume {{name}} does not exist on {{host}} (docker volume ls).',
			driver: 'Docker volume {{name}} on {{host}} uses driver {{observed}}, documented {{expected}}.',
		},
	},
	needs: () => ['docker-volumes'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'docker-volumes')) return b.out;
		const d = { name: v.name };
		const vol = (obs.volumes ?? []).find((x) => x.name === v.name);
		if (!vol) return b.drift('present', 'missing', `${v.name} exists`, '(absent)', d).out;
		if (vol.driver !== v.driver) b.drift('driver', 'driver', v.driver, vol.driver, d);
		return b.done(`volume ${v.name} exists`);
	},
};
