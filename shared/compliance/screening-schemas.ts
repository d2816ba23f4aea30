// Request and response schemas of AML screening's staff routes (issue 14, M1-c): watch-list
// versions. The single source of the routes' validation and of the OpenAPI document.
import * as z from 'zod';

export const ListId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
  .meta({
    description: 'The watch list: lower-case letters, digits and hyphens (e.g. `sanctions`, `pep`)',
  });
export const WatchlistParams = z.object({ listId: ListId }).strict();

export const WatchlistUpload = z
  .object({
    csv: z.string().min(1).max(5_000_000).meta({
      description:
        'The whole file: header `entry_id,kind,names,id_numbers,programme,listed_on,remarks`, one entry a row (docs/aml-screening.md)',
    }),
  })
  .strict()
  .meta({ id: 'WatchlistUpload' });

const Report = z.object({
  entries: z.number().int(),
  names: z.number().int(),
  idNumbers: z.number().int(),
  people: z.number().int(),
  organisations: z.number().int(),
});

export const WatchlistVersionOut = z
  .object({
    listId: z.string(),
    version: z.number().int().positive(),
    created: z
      .boolean()
      .meta({ description: "False when the file is the current version's, byte for byte" }),
    sha256: z.string(),
    report: Report,
    storedBy: z.string(),
    storedAt: z.string(),
  })
  .meta({ id: 'WatchlistVersion' });

export const WatchlistOut = z
  .object({
    listId: z.string(),
    current: z.number().int().positive(),
    versions: z.array(WatchlistVersionOut.omit({ created: true })),
  })
  .meta({ id: 'Watchlist' });
