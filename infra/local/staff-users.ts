// The staff users the local stage seeds, one per group (README, "Staff users").
export const LOCAL_STAFF_PASSWORD = 'Local-Staff-2026!';
export const localStaffUsername = (group: string) => `staff.${group}`;
