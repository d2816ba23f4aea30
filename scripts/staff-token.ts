// Local stage: signs in a seeded staff member (password, then the authenticator's code, as
// the staff pool requires) and prints the ID token, for curl:
//   RISK=$(npm run -s staff:token -- risk-officer)
// `--code` prints only the current authenticator code (to sign in by hand).
import { signInStaff } from '../infra/local/staff-sign-in';
import { EMULATOR_TOTP_SECRET, totp } from '../infra/local/totp';
import { STAFF_GROUPS } from '../shared/kernel';

const args = process.argv.slice(2);
if (args.includes('--code')) {
  console.log(totp(EMULATOR_TOTP_SECRET));
} else {
  const group = args.find((a) => !a.startsWith('--')) ?? '';
  if (!(STAFF_GROUPS as readonly string[]).includes(group)) {
    console.error(`usage: npm run -s staff:token -- <${STAFF_GROUPS.join('|')}> | --code`);
    process.exit(2);
  }
  const api = process.env.FINPLAT_API_URL ?? 'http://localhost:3000';
  signInStaff(api, { group })
    .then((t) => console.log(t.idToken))
    .catch((error: unknown) => {
      console.error(`could not sign in staff.${group} at ${api}: ${(error as Error).message}`);
      process.exit(1);
    });
}
