/**
 * The closed list of reasons a runbook step is not executed against the twins, with the labels
 * readers see (German and English). A skip with any other reason is a build error.
 */

/** Skip reasons, in the order the site lists them. */
export const SKIP_REASONS = ['internet', 'workstation', 'interactive', 'reboot', 'illustrative', 'lab-gap'] as const;

/** One skip reason (`test="skip:<reason>"` on a code fence). */
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Labels of each reason in the reader's language. */
export const SKIP_LABELS: Record<SkipReason, { de: string; en: string }> = {
	internet: { de: 'braucht Internet', en: 'needs internet' },
	workstation: { de: 'läuft auf dem Arbeitsplatzrechner', en: 'runs on a workstation' },
	interactive: { de: 'interaktiv', en: 'interactive' },
	reboot: { de: 'startet den Server neu', en: 'reboots the server' },
	illustrative: { de: 'nur zur Veranschaulichung', en: 'illustrative only' },
	'lab-gap': { de: 'Lücke im Labor', en: 'lab gap' },
};

/**
 * True when `value` is one of the closed skip reasons.
 * @param value
 *   Text after `skip:`.
 */
export function isSkipReason(value: string): value is SkipReason {
	return (SKIP_REASONS as readonly string[]).includes(value);
}
