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

// --- customers' screening results and compliance officers' decisions -------------------

export const ScreeningParams = z
  .object({
    customerId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9-]+$/),
  })
  .strict();

export const ScreeningDecisionIn = z
  .object({
    decision: z.enum(['CLEAR', 'CONFIRM']).meta({
      description:
        "CLEAR: a false match (one compliance officer): the customer's movements held by screening are released. CONFIRM: a true match: takes two different compliance officers (four-eyes); the held movements are rejected and their money goes back",
    }),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .meta({ id: 'ScreeningDecision' });
export type ScreeningDecisionIn = z.infer<typeof ScreeningDecisionIn>;

const HitOut = z.object({
  listId: z.string(),
  listVersion: z.number().int(),
  entryId: z.string(),
  programme: z.string(),
  matchedOn: z.enum(['NAME', 'ID_NUMBER']),
  entryName: z.string(),
  score: z.number().meta({
    description:
      'The name score; for a hit found by re-screening (`found: RESCREENING`), the highest score the shared name keys allow, to be confirmed by reading the name',
  }),
  found: z.enum(['SCREENING', 'RESCREENING']).optional().meta({
    description:
      "SCREENING (or absent): the name or ID number was scored at registration. RESCREENING: a list update's new or changed entry shares enough keyed name keys (or the ID number) with the customer's fingerprint (ADR 0031); no alignments are known until a compliance officer reads the name",
  }),
  foundAt: z.string().optional(),
  alignments: z.array(
    z.object({
      query: z.string().meta({ description: "The customer's token, masked" }),
      entry: z.string(),
      how: z.string(),
      score: z.number(),
      detail: z.string(),
    }),
  ),
});

export const ScreeningOut = z
  .object({
    customerId: z.string(),
    status: z.enum(['CLEAR', 'OPEN', 'CLEARED', 'CONFIRMED']),
    screenedAt: z.string(),
    lists: z.array(z.object({ listId: z.string(), version: z.number().int() })),
    hits: z.array(HitOut),
    version: z.number().int(),
    decisions: z.array(
      z.object({
        decision: z.enum(['CLEAR', 'CONFIRM_PROPOSED', 'CONFIRM']),
        by: z.string(),
        at: z.string(),
        reason: z.string(),
      }),
    ),
    holds: z
      .object({
        released: z.array(z.string()),
        rejected: z.array(z.string()),
        left: z.array(z.string()),
      })
      .optional()
      .meta({
        description:
          'The movements held by screening that this decision released or rejected, and those left for a risk officer (held by other rules too, or the other party still has a hit)',
      }),
  })
  .meta({ id: 'CustomerScreening' });
