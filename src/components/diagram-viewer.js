/**
 * Diagram viewer (inlined into every page's <head> by astro.config.mjs): a click or
 * Enter on `[data-diagram] .diagram-open` opens the diagram in a modal <dialog> at
 * full size (1 SVG unit = 1 CSS px, text ≈ 16 px), with zoom (buttons, + / − / 0 keys,
 * Ctrl + wheel) and pan (scroll, arrow keys, drag). Esc or the close button closes it
 * and focus returns to the diagram. The SVGs are moved into the dialog, not copied
 * (no duplicate ids), and put back on close. Light/dark follow the page theme.
 */
(() => {
	if (window.__diagramViewer) return;
	window.__diagramViewer = true;
	const de = (document.documentElement.lang || 'de').startsWith('de');
	const T = de
		? { zoomIn: 'Vergrößern', zoomOut: 'Verkleinern', fit: 'Einpassen', actual: 'Originalgröße', close: 'Schließen', help: 'Ziehen oder Pfeiltasten zum Verschieben, + / − zum Zoomen, Esc schließt.' }
		: { zoomIn: 'Zoom in', zoomOut: 'Zoom out', fit: 'Fit', actual: 'Actual size', close: 'Close', help: 'Drag or use the arrow keys to pan, + / − to zoom, Esc closes.' };
	/** @type {HTMLDialogElement | undefined} */
	let dialog;
	/** @type {{ figure: HTMLElement, button: HTMLElement, parts: Element[], height: string } | undefined} */
	let current;
	let scale = 1;

	const el = (tag, attrs = {}, text) => {
		const e = document.createElement(tag);
		for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
		if (text) e.textContent = text;
		return e;
	};

	function build() {
		const d = el('dialog', { class: 'diagram-dialog', 'aria-labelledby': 'diagram-dialog-title', 'aria-describedby': 'diagram-dialog-help' });
		const bar = el('div', { class: 'diagram-dialog-bar' });
		bar.append(
			el('h2', { id: 'diagram-dialog-title', class: 'diagram-dialog-title' }),
			el('button', { type: 'button', 'data-zoom': 'out', 'aria-label': T.zoomOut, title: T.zoomOut }, '−'),
			el('output', { class: 'diagram-dialog-scale', 'aria-live': 'polite' }, '100 %'),
			el('button', { type: 'button', 'data-zoom': 'in', 'aria-label': T.zoomIn, title: T.zoomIn }, '+'),
			el('button', { type: 'button', 'data-zoom': 'fit' }, T.fit),
			el('button', { type: 'button', 'data-zoom': 'actual' }, T.actual),
			el('button', { type: 'button', 'data-close': '', class: 'diagram-dialog-close' }, T.close),
		);
		const view = el('div', { class: 'diagram-dialog-view', tabindex: '0', role: 'group', 'aria-label': T.help });
		const help = el('p', { id: 'diagram-dialog-help', class: 'sr-only' }, T.help);
		d.append(bar, view, help);
		bar.addEventListener('click', (e) => {
			const b = /** @type {HTMLElement} */ (e.target).closest('button');
			if (!b) return;
			if (b.hasAttribute('data-close')) d.close();
			else zoom(b.dataset.zoom);
		});
		d.addEventListener('keydown', (e) => {
			if (e.target instanceof HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) return;
			if (e.key === '+' || e.key === '=') zoom('in');
			else if (e.key === '-') zoom('out');
			else if (e.key === '0') zoom('actual');
			else return;
			e.preventDefault();
		});
		view.addEventListener('wheel', (e) => {
			if (!e.ctrlKey) return;
			e.preventDefault();
			zoom(e.deltaY < 0 ? 'in' : 'out');
		}, { passive: false });
		// drag to pan (touch pans natively by scrolling)
		let drag;
		view.addEventListener('pointerdown', (e) => {
			if (e.pointerType !== 'mouse' || e.button !== 0) return;
			drag = { x: e.clientX, y: e.clientY, left: view.scrollLeft, top: view.scrollTop };
			view.setPointerCapture(e.pointerId);
			view.classList.add('dragging');
		});
		view.addEventListener('pointermove', (e) => {
			if (!drag) return;
			view.scrollLeft = drag.left - (e.clientX - drag.x);
			view.scrollTop = drag.top - (e.clientY - drag.y);
		});
		const end = () => { drag = undefined; view.classList.remove('dragging'); };
		view.addEventListener('pointerup', end);
		view.addEventListener('pointercancel', end);
		d.addEventListener('click', (e) => { if (e.target === d) d.close(); }); // backdrop
		d.addEventListener('close', restore);
		document.body.append(d);
		return d;
	}

	/** The visible SVG's viewBox size. */
	function size() {
		const svg = current && current.parts.map((p) => p.querySelector('svg')).find((s) => s && s.getClientRects().length);
		const vb = svg && svg.viewBox && svg.viewBox.baseVal;
		return vb && vb.width ? { width: vb.width, height: vb.height } : { width: 800, height: 600 };
	}

	function fitScale() {
		const view = dialog.querySelector('.diagram-dialog-view');
		const s = size();
		return Math.min((view.clientWidth - 16) / s.width, (view.clientHeight - 16) / s.height);
	}

	function apply(next) {
		scale = Math.min(8, Math.max(0.1, next));
		const s = size();
		for (const p of current.parts) {
			const svg = p.querySelector('svg');
			if (!svg) continue;
			svg.style.width = `${s.width * scale}px`;
			svg.style.height = `${s.height * scale}px`;
			svg.style.maxWidth = 'none';
		}
		dialog.querySelector('output').textContent = `${Math.round(scale * 100)} %`;
	}

	function zoom(how) {
		if (!current) return;
		if (how === 'in') apply(scale * 1.25);
		else if (how === 'out') apply(scale / 1.25);
		else if (how === 'fit') apply(fitScale());
		else apply(1);
	}

	function open(figure) {
		dialog ??= build();
		const button = figure.querySelector('.diagram-open') || figure;
		const parts = [...figure.querySelectorAll('.mermaid-light, .mermaid-dark')];
		current = { figure, button, parts, height: button.style.minHeight };
		button.style.minHeight = `${button.getBoundingClientRect().height}px`; // no jump while the SVG is away
		const view = dialog.querySelector('.diagram-dialog-view');
		for (const p of parts) {
			const svg = p.querySelector('svg');
			if (svg) p.dataset.style = svg.getAttribute('style') || '';
			view.append(p);
		}
		dialog.querySelector('.diagram-dialog-title').textContent = (figure.getAttribute('aria-label') || '').replace(/^[^:]*:\s*/, '');
		dialog.showModal();
		// full size, or larger when it fits the screen (at most 2×)
		const fit = fitScale();
		apply(fit > 1 ? Math.min(fit, 2) : 1);
		view.scrollTo(0, 0);
		view.focus();
	}

	function restore() {
		if (!current) return;
		const { button, parts, height } = current;
		const hint = button.querySelector('.diagram-hint');
		for (const p of parts) {
			const svg = p.querySelector('svg');
			if (svg) {
				svg.setAttribute('style', p.dataset.style || '');
				svg.style.removeProperty('height');
			}
			button.insertBefore(p, hint);
		}
		button.style.minHeight = height;
		current = undefined;
		button.focus();
	}

	document.addEventListener('click', (e) => {
		const b = e.target instanceof Element && e.target.closest('[data-diagram] .diagram-open');
		if (!b) return;
		e.preventDefault();
		open(b.closest('[data-diagram]'));
	});
})();
