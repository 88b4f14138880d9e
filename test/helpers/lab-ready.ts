/**
 * Setup file of the serial project (vitest.config.ts): before a lab-backed file is imported, wait for the
 * suite's background `lab up` (test/global-setup.ts); under CI=true a failed start fails the file.
 */
import { waitForLab } from './lab.ts';

await waitForLab();
