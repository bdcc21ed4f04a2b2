// registration-present: plugin mode asks the registration server for the upgrade, so the host must be registered.
import { CREDENTIALS, readRegistration } from '../system/registration.js';
import { fail, notApplicable, pass, type Check } from './types.js';

export const registrationPresent: Check = {
  id: 'registration-present',
  title: 'The host is registered (migration-plugin mode)',
  severity: 'inhibitor',
  remediation:
    'register the host (SUSEConnect -r REGISTRATION_CODE), or use dup mode (migrate --use-zypper-dup) with target repositories set up',
  async run(ctx) {
    if (ctx.facts.mode === 'dup') return notApplicable('dup mode: no registration needed');
    const reg = await readRegistration(ctx.host);
    if (reg.cloud) return pass('registered to the public cloud update infrastructure');
    if (reg.credentials) return pass(`registered with ${reg.server ?? 'a registration server'} (${CREDENTIALS})`);
    return fail([`no registration credentials in ${CREDENTIALS}, and no public cloud registration`]);
  },
};
