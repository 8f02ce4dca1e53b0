/**
 * zod schemas for the Jira Cloud REST v3 responses the app reads.
 * Shapes: docs/contracts/jira-api.md and Atlassian's OpenAPI file (swagger-v3.v3.json)
 * (User, PageBeanProject, PageOfCreateMetaIssueTypes, PageOfCreateMetaIssueTypeWithField,
 * FieldDetails, PriorityJsonBean, StatusDetails, IssueBean, Transitions, PageOfComments,
 * Attachment, Permissions, SearchAndReconcileResults, ErrorCollection). Unknown keys dropped.
 */
import { z } from 'zod';

const optString = z.string().nullable().optional();

export const myselfSchema = z.object({
  accountId: z.string(),
  accountType: z.string().optional(),
  emailAddress: optString,
  displayName: z.string().optional(),
  active: z.boolean().optional(),
  timeZone: optString,
  locale: optString,
});
export type JiraMyself = z.infer<typeof myselfSchema>;

export const myPermissionsSchema = z.object({
  permissions: z.record(
    z.string(),
    z.object({
      key: z.string().optional(),
      havePermission: z.boolean(),
    }),
  ),
});

export const issueTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: optString,
  subtask: z.boolean().optional(),
  hierarchyLevel: z.number().int().optional(),
});
export type JiraIssueType = z.infer<typeof issueTypeSchema>;

export const projectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.string().optional(),
  issueTypes: z.array(issueTypeSchema).optional(),
  /** Role name → role URL (GET /rest/api/3/project/{projectIdOrKey} lists the project's roles). */
  roles: z.record(z.string(), z.string()).optional(),
});
export type JiraProject = z.infer<typeof projectSchema>;

export const projectSearchPageSchema = z.object({
  values: z.array(projectSchema),
  startAt: z.number().int().optional(),
  maxResults: z.number().int().optional(),
  total: z.number().int().optional(),
  isLast: z.boolean().optional(),
});

export const createMetaIssueTypesPageSchema = z.object({
  issueTypes: z.array(issueTypeSchema),
  startAt: z.number().int().optional(),
  maxResults: z.number().int().optional(),
  total: z.number().int().optional(),
});

export const fieldSchemaSchema = z.object({
  type: z.string(),
  items: z.string().optional(),
  system: z.string().optional(),
  custom: z.string().optional(),
  customId: z.number().int().optional(),
});

export const fieldCreateMetadataSchema = z.object({
  fieldId: z.string(),
  key: z.string().optional(),
  name: z.string(),
  required: z.boolean(),
  hasDefaultValue: z.boolean().optional(),
  defaultValue: z.unknown().optional(),
  operations: z.array(z.string()).optional(),
  allowedValues: z.array(z.unknown()).optional(),
  schema: fieldSchemaSchema.optional(),
});
export type JiraFieldCreateMetadata = z.infer<typeof fieldCreateMetadataSchema>;

/**
 * The spec's page also defines `results`; the documented example returns `fields`
 * (docs/contracts/jira-api.md § Create metadata).
 */
export const createMetaFieldsPageSchema = z
  .object({
    fields: z.array(fieldCreateMetadataSchema).optional(),
    results: z.array(fieldCreateMetadataSchema).optional(),
    startAt: z.number().int().optional(),
    maxResults: z.number().int().optional(),
    total: z.number().int().optional(),
  })
  .refine((p) => p.fields !== undefined || p.results !== undefined, { message: 'expected fields[]' });

export const fieldSchema = z.object({
  id: z.string(),
  key: z.string().optional(),
  name: z.string(),
  custom: z.boolean(),
  schema: fieldSchemaSchema.optional(),
});
export type JiraField = z.infer<typeof fieldSchema>;
export const fieldsSchema = z.array(fieldSchema);

export const prioritySchema = z.object({
  id: z.string(),
  name: z.string(),
  statusColor: z.string().optional(),
  iconUrl: z.string().optional(),
  isDefault: z.boolean().optional(),
});
export type JiraPriority = z.infer<typeof prioritySchema>;
export const prioritiesSchema = z.array(prioritySchema);
export const statusCategorySchema = z.object({
  id: z.number().int().optional(),
  key: z.string(),
  name: z.string().optional(),
  colorName: z.string().optional(),
});

export const statusSchema = z.object({
  id: z.string(),
  name: z.string(),
  statusCategory: statusCategorySchema,
});
export type JiraStatus = z.infer<typeof statusSchema>;
export const statusesSchema = z.array(statusSchema);

/** GET /project/{id}/statuses: statuses per issue type. */
export const projectStatusesSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    subtask: z.boolean().optional(),
    statuses: z.array(statusSchema),
  }),
);

export const changeItemSchema = z.object({
  field: z.string(),
  fieldtype: z.string().optional(),
  fieldId: z.string().optional(),
  from: z.string().nullable().optional(),
  fromString: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  toString: z.string().nullable().optional(),
});

export const issueSchema = z.object({
  id: z.string(),
  key: z.string(),
  self: z.string().optional(),
  fields: z.record(z.string(), z.unknown()).default({}),
  /** With `expand=transitions`: the transitions available from the current status (checked where used). */
  transitions: z.array(z.unknown()).optional(),
  changelog: z
    .object({
      histories: z.array(
        z.object({ id: z.string(), created: z.string().optional(), items: z.array(changeItemSchema) }),
      ),
    })
    .optional(),
});
export type JiraIssue = z.infer<typeof issueSchema>;

/** POST /issue/bulkfetch (docs/contracts/jira-api.md § Bulk fetch): issues missing or hidden are left out. */
export const bulkIssuesSchema = z.object({
  issues: z.array(issueSchema),
  issueErrors: z
    .array(z.object({ id: z.string().optional(), errorMessage: z.string().optional() }))
    .optional(),
});

export const createdIssueSchema = z.object({ id: z.string(), key: z.string(), self: z.string().optional() });
export type JiraCreatedIssue = z.infer<typeof createdIssueSchema>;

/** EntityProperty (getIssueProperty 200): the value is any JSON the writer stored. */
export const entityPropertySchema = z.object({ key: z.string(), value: z.unknown() });

export const transitionSchema = z.object({
  id: z.string(),
  name: z.string(),
  to: statusSchema,
  hasScreen: z.boolean().optional(),
  isGlobal: z.boolean().optional(),
  isInitial: z.boolean().optional(),
  isAvailable: z.boolean().optional(),
  isConditional: z.boolean().optional(),
  looped: z.boolean().optional(),
});
export type JiraTransition = z.infer<typeof transitionSchema>;
export const transitionsSchema = z.object({ transitions: z.array(transitionSchema) });

export const userRefSchema = z.object({ accountId: z.string(), displayName: z.string().optional() });

export const commentSchema = z.object({
  id: z.string(),
  author: userRefSchema.optional(),
  /** ADF document; read defensively by adfToText (src/jira/adf/). */
  body: z.unknown(),
  created: z.string(),
  updated: z.string().optional(),
  jsdPublic: z.boolean().optional(),
  properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
});
export type JiraComment = z.infer<typeof commentSchema>;

export const commentsPageSchema = z.object({
  comments: z.array(commentSchema),
  startAt: z.number().int(),
  maxResults: z.number().int(),
  total: z.number().int(),
});

export const attachmentSchema = z.object({
  id: z.union([z.string(), z.number()]).transform((v) => String(v)),
  filename: z.string(),
  size: z.number().int().nonnegative(),
  mimeType: z.string().optional(),
  created: z.string().optional(),
  author: userRefSchema.optional(),
  content: z.string().optional(),
});
export type JiraAttachment = z.infer<typeof attachmentSchema>;
export const attachmentsSchema = z.array(attachmentSchema);

export const searchJqlPageSchema = z.object({
  issues: z.array(issueSchema),
  nextPageToken: z.string().nullable().optional(),
  isLast: z.boolean().optional(),
});

/** ErrorCollection (docs/contracts/jira-api.md § Errors). */
export const errorCollectionSchema = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
  status: z.number().int().optional(),
});
