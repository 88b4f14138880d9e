/**
 * `.astro` components imported by tests (rendered with the Astro container API): plain `tsc`
 * cannot read `.astro` files, so it sees them as component factories; `astro check` reads
 * the components themselves.
 */
declare module '*.astro' {
	type AstroComponent = Parameters<import('astro/container').experimental_AstroContainer['renderToString']>[0];
	const component: AstroComponent;
	export default component;
}
