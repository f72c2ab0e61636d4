/**
 * What the one-feature forms check before anything is sent. The server reads
 * these properties in src/modules/land/features.ts (readHazard, readRelease)
 * from files of any GIS tool, by hand and with aliases; these schemas state
 * the same rules for the form's own field names and values.
 */
import { Type } from '@sinclair/typebox';
import { DEVICE_CATEGORIES, DEVICE_CONDITIONS, HAZARD_TYPES, RELEASE_METHODS } from '../../../../src/modules/land/features.ts';

const Day = Type.String({ format: 'date' });
const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));

export const HazardDraft = Type.Object({
  reference: Type.String({ minLength: 1, maxLength: 60 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  classification: lit(['SHA', 'CHA'] as const),
  hazard_types: Type.Array(lit(HAZARD_TYPES), { minItems: 1 }),
  recorded_on: Day,
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
  geometry: Type.Object({ type: Type.String() }),
});

export const Device = Type.Object({
  category: lit(DEVICE_CATEGORIES),
  condition: lit(DEVICE_CONDITIONS),
  quantity: Type.Integer({ minimum: 1 }),
  depth_cm: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const ReleaseDraft = Type.Object({
  reference: Type.String({ minLength: 1, maxLength: 60 }),
  method: lit(RELEASE_METHODS),
  hazard_reference: Type.Optional(Type.String({ maxLength: 60 })),
  started_on: Type.Optional(Day),
  completed_on: Day,
  clearance_depth_cm: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
  devices: Type.Array(Device),
  geometry: Type.Object({ type: Type.String() }),
});
