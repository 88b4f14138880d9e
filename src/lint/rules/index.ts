/** All fact-lint rules, by id. */
import { addressNearMiss } from './address-near-miss.ts';
import { bindContradiction } from './bind-contradiction.ts';
import { containerNearMiss } from './container-near-miss.ts';
import { domainNearMiss } from './domain-near-miss.ts';
import { factAgreement } from './fact-agreement.ts';
import { factProvenance } from './fact-provenance.ts';
import { imageMismatch } from './image-mismatch.ts';
import { networkNearMiss } from './network-near-miss.ts';
import { portNotAllowed } from './port-not-allowed.ts';
import { publishContradiction } from './publish-contradiction.ts';
import { secret } from './secret.ts';
import { unmatchedLiteral } from './unmatched-literal.ts';
import type { Rule } from '../types.ts';

/** The rules in the order they run (errors before the warning rule, so duplicates keep the error). */
export const RULES: readonly Rule[] = [
	bindContradiction, portNotAllowed, publishContradiction, networkNearMiss, containerNearMiss,
	addressNearMiss, domainNearMiss, imageMismatch, factAgreement, factProvenance, secret, unmatchedLiteral,
];
