// The ordered step list: order lives here, not in file names (SPEC 5.0).
import { finish } from './finish.js';
import { prepare } from './prepare.js';
import { productSetup } from './product-setup.js';
import type { Step } from './types.js';
import { upgrade } from './upgrade.js';

/** Steps before finish, in order. SLE 16 adds its own steps in issue-sized pieces later. */
export function stepsFor(_targetMajor: number): Step[] {
  return [prepare, productSetup, upgrade];
}

export const finalStep: Step = finish;
