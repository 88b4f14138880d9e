/**
 * The markup contract of a rendered diagram, shared by ```mermaid blocks (rehype
 * plugin) and generated diagrams (MermaidFigure.astro):
 *
 *   figure.mermaid-themed[data-diagram=<kind>][data-print=portrait|landscape]
 *     button.diagram-open (opens the diagram full size, see diagram-viewer.js)
 *       span.mermaid-light > svg, span.mermaid-dark > svg, span.diagram-hint
 */
import { printOrientation, viewBoxOf, type PrintOrientation } from '../print/diagram-layout.ts';

/** Inputs of one figure. */
export interface DiagramFigureInput {
	/** Light-theme SVG. */
	light: string;
	/** Dark-theme SVG. */
	dark: string;
	/** What the diagram shows, e.g. the heading above it. */
	label: string;
	/** Marker for tests and styles: `content` for ```mermaid blocks, `topology` for generated ones. */
	kind: string;
	/** Page language. */
	lang: 'de' | 'en';
}

/** Attributes and texts of one figure. */
export interface DiagramFigure {
	/** Attributes of the `<figure>` (hast property names). */
	figure: { className: string[]; dataDiagram: string; dataPrint: PrintOrientation; dataPagefindIgnore: string; ariaLabel: string };
	/** Attributes of the `<button>` that opens the viewer. */
	button: { type: 'button'; className: string[]; ariaLabel: string; ariaHaspopup: 'dialog' };
	/** Light SVG. */
	light: string;
	/** Dark SVG. */
	dark: string;
	/** Visible hint on the diagram. */
	hint: string;
}

/**
 * Builds the figure's attributes.
 * @param input
 *   SVGs, label, kind, language.
 */
export function diagramFigure(input: DiagramFigureInput): DiagramFigure {
	const de = input.lang === 'de';
	return {
		figure: {
			className: ['mermaid-themed', 'not-content'],
			dataDiagram: input.kind,
			dataPrint: printOrientation(viewBoxOf(input.light)),
			dataPagefindIgnore: '',
			ariaLabel: `${de ? 'Diagramm' : 'Diagram'}: ${input.label}`,
		},
		button: {
			type: 'button',
			className: ['diagram-open'],
			ariaLabel: `${de ? 'Diagramm in voller Größe öffnen' : 'Open the diagram full size'}: ${input.label}`,
			ariaHaspopup: 'dialog',
		},
		light: input.light,
		dark: input.dark,
		hint: de ? 'Vergrößern' : 'Enlarge',
	};
}
