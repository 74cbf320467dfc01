import { z } from 'zod';

const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined && v !== '' && v !== '0');

/** The admin settings page (/admin/reglages). */
export const settingsForm = z.object({
  membershipRequired: checkbox,
});
export type SettingsInput = z.infer<typeof settingsForm>;
